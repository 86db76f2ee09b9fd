# shellcheck shell=bash
# MariaDB for the MySQL tests. Sourced by scripts/test.sh and scripts/bench.sh; defines
# start_mariadb and stop_mariadb.
#
# start_mariadb installs the server and client from Debian when missing (mariadb-server,
# mariadb-client), creates a throwaway instance in a fresh /tmp/sluice-mariadb.XXXXXX directory
# with mariadb-install-db, runs mariadbd on 127.0.0.1 (first free port from 53306 up) with its
# own socket, drops the anonymous users (they would shadow 'sluice'@'%' over loopback), creates
# user `sluice` (random password, for '127.0.0.1', 'localhost' and '%') allowed to create the
# per-test databases, database `sluice_test`, and exports:
#   SLUICE_TEST_MYSQL_URL        mysql://sluice:PASSWORD@127.0.0.1:PORT/sluice_test
#   SLUICE_TEST_MYSQL_PORT       PORT
#   SLUICE_TEST_MYSQL_SOCKET     the server's Unix socket (root may use it without a password)
# It never uses the Debian instance, systemd or service. stop_mariadb stops the server and
# removes the directory; safe to call at any time. Works under `set -u` and `set -e` alike.

_sluice_my_dir=""        # the instance's temporary directory (empty when none)
_sluice_my_port=""
_sluice_my_pid=""        # pid of mariadbd
_sluice_my_apt_updated=""

_sluice_my_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "mariadb: server binaries missing and not root; install the Debian packages mariadb-server mariadb-client" >&2
    return 1
  fi
  echo "mariadb: installing mariadb-server from Debian..." >&2
  local log status added_policy=""
  log=$(mktemp /tmp/sluice-mariadb-apt.XXXXXX) || return 1
  # Keep the package's maintainer scripts from starting the Debian instance (see postgres.sh).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d &&
      added_policy=1
  fi
  status=0
  if [ -z "$_sluice_my_apt_updated" ]; then
    apt-get update -qq >"$log" 2>&1 || status=$?
    [ "$status" -eq 0 ] && _sluice_my_apt_updated=1
  fi
  if [ "$status" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mariadb-server mariadb-client \
      >>"$log" 2>&1 || status=$?
  fi
  [ -n "$added_policy" ] && rm -f /usr/sbin/policy-rc.d
  if [ "$status" -ne 0 ]; then
    echo "mariadb: apt-get failed (status $status):" >&2
    tail -n 30 "$log" >&2
  fi
  rm -f "$log"
  return "$status"
}

_sluice_my_port_in_use() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# 20 random alphanumeric characters.
_sluice_my_password() {
  local pw=""
  while [ "${#pw}" -lt 20 ]; do
    pw+=$(head -c 64 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  done
  echo "${pw:0:20}"
}

# Runs the client as root over the instance's socket; SQL on stdin.
_sluice_my_client() {
  mariadb --no-defaults --protocol=socket --socket="$_sluice_my_dir/mysqld.sock" -u root "$@"
}

start_mariadb() {
  # Idempotent: a server we already started and that still answers is reused.
  if [ -n "$_sluice_my_dir" ] && [ -n "$_sluice_my_pid" ] && kill -0 "$_sluice_my_pid" 2>/dev/null &&
    mariadb-admin --no-defaults --socket="$_sluice_my_dir/mysqld.sock" -u root ping >/dev/null 2>&1; then
    echo "mariadb: 127.0.0.1:$_sluice_my_port ready"
    return 0
  fi
  stop_mariadb # leftovers of an earlier failed start

  if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ] ||
    ! command -v mariadb >/dev/null 2>&1 || ! command -v mariadb-install-db >/dev/null 2>&1; then
    _sluice_my_install || return 1
  fi
  local server=/usr/sbin/mariadbd
  [ -x "$server" ] || server=$(command -v mariadbd)
  local user_flag=()
  if [ "$(id -u)" -eq 0 ]; then
    id mysql >/dev/null 2>&1 || { echo "mariadb: OS user mysql is missing" >&2; return 1; }
    user_flag=(--user=mysql)
  fi

  _sluice_my_dir=$(mktemp -d /tmp/sluice-mariadb.XXXXXX) || { _sluice_my_dir=""; return 1; }
  local dir=$_sluice_my_dir
  chmod 755 "$dir"
  mkdir -p "$dir/data"
  [ "$(id -u)" -eq 0 ] && chown -R mysql: "$dir"

  if ! mariadb-install-db --no-defaults "${user_flag[@]}" --datadir="$dir/data" --auth-root-authentication-method=socket \
    --skip-test-db >"$dir/install.log" 2>&1; then
    echo "mariadb: mariadb-install-db failed:" >&2
    tail -n 30 "$dir/install.log" >&2
    stop_mariadb
    return 1
  fi

  local port=53306 attempts=0 ready=""
  while [ "$attempts" -lt 10 ] && [ "$port" -lt 53506 ]; do
    if _sluice_my_port_in_use "$port"; then
      port=$((port + 1))
      continue
    fi
    attempts=$((attempts + 1))
    : >"$dir/mariadb.log"
    [ "$(id -u)" -eq 0 ] && chown mysql: "$dir/mariadb.log"
    "$server" --no-defaults "${user_flag[@]}" --datadir="$dir/data" --bind-address=127.0.0.1 --port="$port" \
      --socket="$dir/mysqld.sock" --pid-file="$dir/mariadbd.pid" --log-error="$dir/mariadb.log" \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --max-connections=300 \
      --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 --innodb-buffer-pool-size=256M --local-infile=1 \
      --max-allowed-packet=64M --skip-name-resolve \
      </dev/null >/dev/null 2>&1 &
    _sluice_my_pid=$!
    _sluice_my_port=$port
    for _ in $(seq 1 120); do # up to ~60 s
      if mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -u root ping >/dev/null 2>&1; then
        ready=1
        break
      fi
      kill -0 "$_sluice_my_pid" 2>/dev/null || break # the server exited
      sleep 0.5
    done
    [ -n "$ready" ] && break
    if ! kill -0 "$_sluice_my_pid" 2>/dev/null && grep -q 'Address already in use\|Do you already have another' "$dir/mariadb.log"; then
      wait "$_sluice_my_pid" 2>/dev/null || true
      port=$((port + 1))
      continue
    fi
    break
  done
  if [ -z "$ready" ]; then
    echo "mariadb: server did not become ready on 127.0.0.1:$_sluice_my_port; log tail:" >&2
    tail -n 30 "$dir/mariadb.log" >&2
    stop_mariadb
    return 1
  fi

  # The password goes through stdin, never a command line. Anonymous users would match
  # ''@'localhost' before 'sluice'@'%' over loopback: drop them, and create the user for the
  # loopback names explicitly too. The test user creates one database per test.
  local password
  password=$(_sluice_my_password)
  if ! _sluice_my_client >"$dir/setup.log" 2>&1 <<EOF
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE USER 'sluice'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER 'sluice'@'localhost' IDENTIFIED BY '$password';
CREATE USER 'sluice'@'%' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'sluice'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'sluice'@'localhost';
GRANT ALL PRIVILEGES ON *.* TO 'sluice'@'%';
CREATE DATABASE sluice_test CHARACTER SET utf8mb4;
EOF
  then
    echo "mariadb: creating user sluice and database sluice_test failed:" >&2
    tail -n 30 "$dir/setup.log" >&2
    stop_mariadb
    return 1
  fi

  export SLUICE_TEST_MYSQL_URL="mysql://sluice:$password@127.0.0.1:$port/sluice_test"
  export SLUICE_TEST_MYSQL_PORT="$port"
  export SLUICE_TEST_MYSQL_SOCKET="$dir/mysqld.sock"
  echo "mariadb: 127.0.0.1:$port ($("$server" --version | awk '{print $3}')) ready"
}

stop_mariadb() {
  local dir=$_sluice_my_dir
  if [ -n "$_sluice_my_pid" ] && kill -0 "$_sluice_my_pid" 2>/dev/null; then
    if [ -n "$dir" ]; then
      mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -u root shutdown >/dev/null 2>&1 || true
    fi
    for _ in $(seq 1 60); do kill -0 "$_sluice_my_pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$_sluice_my_pid" 2>/dev/null; then
      kill -TERM "$_sluice_my_pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$_sluice_my_pid" 2>/dev/null || break; sleep 0.25; done
      kill -KILL "$_sluice_my_pid" 2>/dev/null || true
    fi
  fi
  if [ -n "$_sluice_my_pid" ]; then
    wait "$_sluice_my_pid" 2>/dev/null || true
  fi
  if [ -n "$dir" ]; then
    case "$dir" in
      /tmp/sluice-mariadb.*) rm -rf "$dir" ;;
    esac
  fi
  _sluice_my_dir=""
  _sluice_my_port=""
  _sluice_my_pid=""
  unset SLUICE_TEST_MYSQL_URL SLUICE_TEST_MYSQL_PORT SLUICE_TEST_MYSQL_SOCKET
  return 0
}
