#!/usr/bin/env bash
# Runs Sluice's whole test suite, the way CI does (`.ci/run` calls exactly this).
#
# It starts every service the suite needs on 127.0.0.1 (installing it from Debian or PyPI when
# missing), enables the package traits of the adapters under test, runs `swift test`, and ends
# with one line for the whole suite: `N passed, M failed`.
#
# The core needs no service yet; adapters add theirs to `start_services`.
set -uo pipefail
cd "$(dirname "$0")/.."

source scripts/services/postgres.sh
source scripts/services/mariadb.sh
source scripts/services/dnsmasq.sh
source scripts/services/proxy-tools.sh

work=".build/test-run"
rm -rf "$work"
mkdir -p "$work"

# Python packages the interoperability tests use (Parquet files read and written by pyarrow).
ensure_python_packages() {
  python3 -c 'import pyarrow' 2>/dev/null && return 0
  echo "installing pyarrow from PyPI"
  python3 -m pip install --quiet pyarrow
}

# C libraries of the package traits enabled below (Debian -dev packages; SwiftPM finds them with pkg-config).
# zlib1g-dev (trait Zlib, a default one) is a documented dependency of the Swift toolchain on Linux;
# libzstd-dev (trait Zstd) and libmariadb-dev (trait MySQL: MariaDB Connector/C) are installed when missing.
ensure_trait_libraries() {
  local missing=()
  dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
  dpkg -s libzstd-dev >/dev/null 2>&1 || missing+=(libzstd-dev)
  dpkg -s libmariadb-dev >/dev/null 2>&1 || missing+=(libmariadb-dev)
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "installing ${missing[*]} from Debian"
  local log
  log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    echo "apt-get failed:" >&2
    tail -n 30 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

start_services() {
  start_postgres || { echo "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
  start_mariadb || { echo "could not start MariaDB"; echo "0 passed, 1 failed"; exit 1; }
  ensure_python_packages || { echo "could not install pyarrow"; echo "0 passed, 1 failed"; exit 1; }
  start_dnsmasq || { echo "could not start dnsmasq"; echo "0 passed, 1 failed"; exit 1; }
  ensure_trait_libraries || { echo "could not install the C libraries of the package traits"; echo "0 passed, 1 failed"; exit 1; }
  ensure_proxy_tools || { echo "could not install the proxy test tools"; echo "0 passed, 1 failed"; exit 1; }
}

cleanup() {
  # Stop what start_services started.
  stop_postgres
  stop_mariadb
  stop_dnsmasq
}
trap cleanup EXIT

start_services

# Naming traits replaces the default ones, so the defaults (Zlib) are listed too.
traits=(--traits Zlib,Zstd,MySQL)
swift build --build-tests "${traits[@]}" 2>&1 | tail -n 20
build_status=${PIPESTATUS[0]}
if [ "$build_status" -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

export SLUICE_BINARY="$(swift build --show-bin-path)/sluice"
swift test --skip-build "${traits[@]}" --skip SluiceIntegrationTests --xunit-output "$work/xunit.xml" >"$work/output.log" 2>&1
test_status=$?
# The tests that drive the real `sluice` binary (kill -9, signals, concurrent launches) run on
# their own afterwards, so their timing does not compete with the rest of the suite.
swift test --skip-build "${traits[@]}" --filter SluiceIntegrationTests --xunit-output "$work/xunit-integration.xml" >>"$work/output.log" 2>&1
integration_status=$?
[ "$integration_status" -ne 0 ] && test_status=$integration_status
# Show failures and the runner's own summaries; the full log stays in $work/output.log.
grep -E '✘|error:|Test run with|Executed [0-9]+ tests' "$work/output.log" | grep -v ' info sluice' | tail -n 200

# Examples must keep running: each counts as one test in the summary.
run_example() {
  local name=$1; shift
  if "$@" >"$work/example-$name.log" 2>&1; then
    echo "PASS example $name" >>"$work/extra-results.txt"
  else
    echo "FAIL example $name" >>"$work/extra-results.txt"
    echo "✘ example $name failed:"; tail -n 20 "$work/example-$name.log"
  fi
}
run_example core swift run --skip-build sluice-example-core
# Job files under Examples/ run through the real `sluice` binary (one scratch SQLite repository).
sluice_bin="$(swift build --show-bin-path)/sluice"
for job in Examples/quickstart/quickstart.yaml Examples/flows/*.yaml Examples/export/*.yaml; do
  name=$(basename "$job" .yaml)
  run_example "$name" "$sluice_bin" run "$job" --next --quiet --repository "sqlite:$work/examples.sqlite"
done
run_example show-quickstart "$sluice_bin" show 1 --repository "sqlite:$work/examples.sqlite"
run_example executions "$sluice_bin" executions --repository "sqlite:$work/examples.sqlite"

python3 scripts/summarize-tests.py "$work" "$test_status"
