#!/usr/bin/env bash
# Runs one benchmark in a release build, starting the services it needs (PostgreSQL on 127.0.0.1).
#   scripts/bench.sh NAME [ARGS...]      e.g. scripts/bench.sh csv-postgres-copy
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services/postgres.sh
source scripts/services/dnsmasq.sh
trap 'stop_postgres; stop_dnsmasq' EXIT
case "${1:-list}" in
  csv-postgres-*|repository-overhead) start_postgres >&2 ;;
  dns) start_dnsmasq >&2 ;;
esac
swift build -c release --product sluice-bench >&2
.build/release/sluice-bench "$@"
