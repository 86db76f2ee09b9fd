# shellcheck shell=bash
# PostgreSQL for the SQL tests. Sourced by scripts/test.sh; defines start_postgres and stop_postgres.
#
# start_postgres installs the server from Debian when missing, runs a throwaway cluster from a fresh
# /tmp/sluice-pg.XXXXXX directory on 127.0.0.1 (first free port from 55432 up), creates role `sluice`
# (random password, checked with scram-sha-256) owning database `sluice_test`, and exports:
#   SLUICE_TEST_POSTGRES_URL        postgres://sluice:PASSWORD@127.0.0.1:PORT/sluice_test
#   SLUICE_TEST_POSTGRES_ADMIN_URL  postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres (superuser)
#   SLUICE_TEST_POSTGRES_PORT       PORT
# It never uses the cluster the Debian package creates, systemd, service or pg_ctlcluster.
# stop_postgres stops the server and removes the directory; safe to call at any time.
# Works under `set -u` and `set -e` alike.

_sluice_pg_dir=""        # the cluster's temporary directory (empty when none)
_sluice_pg_bin=""        # /usr/lib/postgresql/N/bin
_sluice_pg_port=""
_sluice_pg_runner_pid="" # pid of the background job that runs the postmaster
_sluice_pg_apt_updated=""

# Runs a command as the `postgres` OS user when we are root (initdb and postgres refuse to run as
# root), as ourselves otherwise. Runs from the cluster directory so the user can read its cwd.
_sluice_pg_as_owner() {
  local dir=${_sluice_pg_dir:-/tmp}
  if [ "$(id -u)" -ne 0 ]; then
    (cd "$dir" && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
  fi
}

# Highest-version server bin directory (/usr/lib/postgresql/N/bin), or nothing.
_sluice_pg_find_bin() {
  local dir version best="" best_version=-1
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/postgres" ] || continue
    version=${dir#/usr/lib/postgresql/}
    version=${version%/bin}
    case "$version" in '' | *[!0-9]*) continue ;; esac
    if [ "$version" -gt "$best_version" ]; then
      best=$dir
      best_version=$version
    fi
  done
  if [ -n "$best" ]; then echo "$best"; fi
}

_sluice_pg_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres: server binaries missing and not root; install the Debian package postgresql" >&2
    return 1
  fi
  echo "postgres: installing postgresql from Debian..." >&2
  local log status added_policy=""
  log=$(mktemp /tmp/sluice-pg-apt.XXXXXX) || return 1
  # Keep the package's maintainer scripts from starting the Debian cluster (invoke-rc.d asks
  # policy-rc.d; 101 = "action forbidden"). Only when no policy is in place; removed right after.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d &&
      added_policy=1
  fi
  status=0
  if [ -z "$_sluice_pg_apt_updated" ]; then
    apt-get update -qq >"$log" 2>&1 || status=$?
    [ "$status" -eq 0 ] && _sluice_pg_apt_updated=1
  fi
  if [ "$status" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql \
      >>"$log" 2>&1 || status=$?
  fi
  [ -n "$added_policy" ] && rm -f /usr/sbin/policy-rc.d
  if [ "$status" -ne 0 ]; then
    echo "postgres: apt-get failed (status $status):" >&2
    tail -n 30 "$log" >&2
  fi
  rm -f "$log"
  return "$status"
}

# Succeeds when something listens on 127.0.0.1:$1 (or any address, when ss is available).
_sluice_pg_port_in_use() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# 20 random alphanumeric characters.
_sluice_pg_password() {
  local pw=""
  while [ "${#pw}" -lt 20 ]; do
    pw+=$(head -c 64 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  done
  echo "${pw:0:20}"
}

# The server's version, e.g. 15.18 (from "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)").
_sluice_pg_version() {
  "$_sluice_pg_bin/postgres" --version | awk '{print $3}'
}

# The postmaster's pid from its pid file, if any.
_sluice_pg_postmaster_pid() {
  local file="$_sluice_pg_dir/data/postmaster.pid"
  if [ -f "$file" ]; then head -n 1 "$file" 2>/dev/null || true; fi
}

start_postgres() {
  # Idempotent: a server we already started and that still answers is reused.
  if [ -n "$_sluice_pg_dir" ] && [ -n "$_sluice_pg_bin" ] &&
    "$_sluice_pg_bin/pg_isready" -q -h 127.0.0.1 -p "$_sluice_pg_port" >/dev/null 2>&1; then
    echo "postgres: 127.0.0.1:$_sluice_pg_port (PostgreSQL $(_sluice_pg_version)) ready"
    return 0
  fi
  stop_postgres # leftovers of an earlier failed start

  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    _sluice_pg_install || return 1
  fi
  _sluice_pg_bin=$(_sluice_pg_find_bin)
  if [ -z "$_sluice_pg_bin" ]; then
    echo "postgres: no server under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  local bin=$_sluice_pg_bin version
  version=$(_sluice_pg_version)
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "postgres: OS user postgres is missing" >&2
    return 1
  fi

  _sluice_pg_dir=$(mktemp -d /tmp/sluice-pg.XXXXXX) || { _sluice_pg_dir=""; return 1; }
  local dir=$_sluice_pg_dir
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"

  if ! _sluice_pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync \
    -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
    echo "postgres: initdb failed:" >&2
    tail -n 30 "$dir/initdb.log" >&2
    stop_postgres
    return 1
  fi
  # The superuser may use the private socket directory without a password (to set things up);
  # every TCP connection must give a password, checked with SCRAM.
  cat >"$dir/data/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER      ADDRESS       METHOD
local   all       postgres                trust
host    all       all       127.0.0.1/32  scram-sha-256
EOF
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/data/pg_hba.conf"

  # Start on the first free port; retry the next one if another process grabbed it meanwhile.
  local port=55432 attempts=0 ready=""
  while [ "$attempts" -lt 10 ] && [ "$port" -lt 55632 ]; do
    if _sluice_pg_port_in_use "$port"; then
      port=$((port + 1))
      continue
    fi
    attempts=$((attempts + 1))
    : >"$dir/postgres.log"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/postgres.log"
    _sluice_pg_as_owner "$bin/postgres" -D "$dir/data" -c listen_addresses=127.0.0.1 -p "$port" \
      -k "$dir" -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
      -c max_connections=200 -c password_encryption=scram-sha-256 \
      </dev/null >>"$dir/postgres.log" 2>&1 &
    _sluice_pg_runner_pid=$!
    _sluice_pg_port=$port
    for _ in $(seq 1 60); do # up to ~30 s
      if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" >/dev/null 2>&1; then
        ready=1
        break
      fi
      kill -0 "$_sluice_pg_runner_pid" 2>/dev/null || break # the server exited
      sleep 0.5
    done
    [ -n "$ready" ] && break
    if ! kill -0 "$_sluice_pg_runner_pid" 2>/dev/null &&
      grep -q 'could not bind\|already in use' "$dir/postgres.log"; then
      wait "$_sluice_pg_runner_pid" 2>/dev/null || true
      port=$((port + 1))
      continue
    fi
    break
  done
  if [ -z "$ready" ]; then
    echo "postgres: server did not become ready on 127.0.0.1:$_sluice_pg_port; log tail:" >&2
    tail -n 30 "$dir/postgres.log" >&2
    stop_postgres
    return 1
  fi

  # Passwords go through stdin, never a command line.
  local password admin_password
  password=$(_sluice_pg_password)
  admin_password=$(_sluice_pg_password)
  if ! "$bin/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    >"$dir/setup.log" 2>&1 <<EOF
ALTER ROLE postgres PASSWORD '$admin_password';
CREATE ROLE sluice LOGIN PASSWORD '$password';
CREATE DATABASE sluice_test OWNER sluice;
EOF
  then
    echo "postgres: creating role sluice and database sluice_test failed:" >&2
    tail -n 30 "$dir/setup.log" >&2
    stop_postgres
    return 1
  fi

  export SLUICE_TEST_POSTGRES_URL="postgres://sluice:$password@127.0.0.1:$port/sluice_test"
  export SLUICE_TEST_POSTGRES_ADMIN_URL="postgres://postgres:$admin_password@127.0.0.1:$port/postgres"
  export SLUICE_TEST_POSTGRES_PORT="$port"
  echo "postgres: 127.0.0.1:$port (PostgreSQL $version) ready"
}

stop_postgres() {
  local dir=$_sluice_pg_dir pid
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    pid=$(_sluice_pg_postmaster_pid)
    if [ -n "$pid" ] && [ -n "$_sluice_pg_bin" ]; then
      _sluice_pg_as_owner "$_sluice_pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop \
        >/dev/null 2>&1 || true
    fi
    # pg_ctl failed and the postmaster still runs: shut it down with signals.
    pid=$(_sluice_pg_postmaster_pid)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -QUIT "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  if [ -n "$_sluice_pg_runner_pid" ]; then
    if kill -0 "$_sluice_pg_runner_pid" 2>/dev/null; then
      kill "$_sluice_pg_runner_pid" 2>/dev/null || true
    fi
    wait "$_sluice_pg_runner_pid" 2>/dev/null || true
  fi
  if [ -n "$dir" ]; then
    case "$dir" in
      /tmp/sluice-pg.*) rm -rf "$dir" ;;
    esac
  fi
  _sluice_pg_dir=""
  _sluice_pg_port=""
  _sluice_pg_runner_pid=""
  unset SLUICE_TEST_POSTGRES_URL SLUICE_TEST_POSTGRES_ADMIN_URL SLUICE_TEST_POSTGRES_PORT
  return 0
}
