#!/usr/bin/env bash
# Runs one benchmark in a release build, starting the services it needs (PostgreSQL on 127.0.0.1).
#   scripts/bench.sh NAME [ARGS...]      e.g. scripts/bench.sh csv-postgres-copy
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services/postgres.sh
source scripts/services/mariadb.sh
trap 'stop_postgres; stop_mariadb' EXIT
traits=()
case "${1:-list}" in
  csv-postgres-*|repository-overhead) start_postgres >&2 ;;
  csv-mariadb)
    # MySQL support is a package trait on MariaDB Connector/C.
    if ! pkg-config --exists libmariadb 2>/dev/null; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmariadb-dev >&2
    fi
    traits=(--traits MySQL)
    start_mariadb >&2 ;;
esac
scratch=${SLUICE_BENCH_SCRATCH:-.build-release}
swift build -c release --scratch-path "$scratch" "${traits[@]}" --product sluice-bench >&2
"$scratch/release/sluice-bench" "$@"
