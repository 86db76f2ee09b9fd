// zlib (Debian: zlib1g-dev), used by SluiceParquet for Parquet's GZIP codec.
#include <zlib.h>
