// Zstandard (Debian: libzstd-dev), used by SluiceParquet for Parquet's ZSTD codec.
#include <zstd.h>
