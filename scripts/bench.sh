#!/usr/bin/env bash
# Runs one benchmark in a release build, starting the services it needs (PostgreSQL on 127.0.0.1).
#   scripts/bench.sh NAME [ARGS...]      e.g. scripts/bench.sh csv-postgres-copy
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services/postgres.sh
source scripts/services/mariadb.sh
source scripts/services/dnsmasq.sh
trap 'stop_postgres; stop_mariadb; stop_dnsmasq' EXIT
# One set of traits for every benchmark (as the test command uses), so switching benchmarks does not
# rebuild; their C libraries are installed when missing.
for package in libzstd-dev libmariadb-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >&2
done
traits=(--traits Zlib,Zstd,MySQL)
case "${1:-list}" in
  csv-postgres-*|repository-overhead) start_postgres >&2 ;;
  csv-parquet|parquet-read)
    # The peers: pyarrow, and DuckDB for parquet-read.
    python3 -c 'import pyarrow, duckdb' 2>/dev/null || python3 -m pip install --quiet pyarrow duckdb >&2 ;;
  csv-mariadb) start_mariadb >&2 ;;
  dns) start_dnsmasq >&2 ;;
esac
scratch=${SLUICE_BENCH_SCRATCH:-.build-release}
swift build -c release --scratch-path "$scratch" "${traits[@]}" --product sluice-bench >&2
"$scratch/release/sluice-bench" "$@"
