#!/usr/bin/env bash
# Runs one benchmark in a release build, starting the services it needs (PostgreSQL on 127.0.0.1).
#   scripts/bench.sh NAME [ARGS...]      e.g. scripts/bench.sh csv-postgres-copy
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services/postgres.sh
trap stop_postgres EXIT
case "${1:-list}" in
  csv-postgres-*|repository-overhead) start_postgres >&2 ;;
  csv-parquet|parquet-read)
    # The peers: pyarrow, and DuckDB for parquet-read.
    python3 -c 'import pyarrow, duckdb' 2>/dev/null || python3 -m pip install --quiet pyarrow duckdb >&2 ;;
esac
swift build -c release --product sluice-bench >&2
.build/release/sluice-bench "$@"
