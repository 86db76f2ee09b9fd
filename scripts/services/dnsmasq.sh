# shellcheck shell=bash
# dnsmasq as the real upstream resolver of the DNS tests, plus the DNS client tools the tests
# and `sluice-bench dns` drive. Sourced by scripts/test.sh and scripts/bench.sh; defines
# start_dnsmasq, stop_dnsmasq and ensure_dns_tools.
#
# ensure_dns_tools installs from Debian, when missing: dnsmasq-base (dnsmasq), dnsutils (dig),
# dnsperf; and from PyPI: dnspython.
# start_dnsmasq runs dnsmasq on 127.0.0.1 (first free UDP+TCP port from 55353 up), answering
# only the known records below from its command line (no upstreams, no /etc/hosts; nothing
# leaves 127.0.0.0/8), and exports:
#   SLUICE_TEST_DNSMASQ_PORT   the port
#   SLUICE_TEST_DNS_TOOLS      1 when dig and dnspython are available
# stop_dnsmasq stops it; safe to call at any time. Works under `set -u` and `set -e` alike.
#
# Records (zone sluice.test, answered authoritatively; other names under it are NXDOMAIN):
#   www.sluice.test      A 192.0.2.10, AAAA 2001:db8::10     api.sluice.test  A 192.0.2.20
#   mail.sluice.test     A 192.0.2.25                        sluice.test      MX 10 mail.sluice.test
#   txt.sluice.test      TXT "hello world"                   alias.sluice.test CNAME www.sluice.test
#   _http._tcp.sluice.test SRV 0 5 80 www.sluice.test        10.2.0.192.in-addr.arpa PTR www.sluice.test
#   big.sluice.test      TXT of 8 x 200 bytes (over 1232 bytes: truncated over UDP, whole over TCP)
#   blocked.sluice.test  A 192.0.2.66 (the tests block it in Sluice)

_sluice_dnsmasq_pid=""
_sluice_dnsmasq_dir=""
_sluice_dns_apt_updated=""

_sluice_dns_port_in_use() {
  local port=$1
  [ -n "$(ss -Hlun "sport = :$port" 2>/dev/null)" ] || [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]
}

_sluice_dns_apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "dnsmasq: missing Debian packages $* and not root; install them" >&2
    return 1
  fi
  echo "dnsmasq: installing $* from Debian..." >&2
  if [ -z "$_sluice_dns_apt_updated" ]; then
    apt-get update -qq >/dev/null 2>&1 && _sluice_dns_apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}

ensure_dns_tools() {
  local missing=()
  command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || missing+=(dnsmasq-base)
  command -v dig >/dev/null 2>&1 || missing+=(dnsutils)
  command -v dnsperf >/dev/null 2>&1 || missing+=(dnsperf)
  command -v ss >/dev/null 2>&1 || missing+=(iproute2)
  if [ "${#missing[@]}" -gt 0 ]; then
    _sluice_dns_apt_install "${missing[@]}" || { echo "dnsmasq: apt-get install ${missing[*]} failed" >&2; return 1; }
  fi
  if ! python3 -c 'import dns.resolver' 2>/dev/null; then
    echo "dnsmasq: installing dnspython from PyPI" >&2
    python3 -m pip install --quiet dnspython >/dev/null 2>&1 || { echo "dnsmasq: pip install dnspython failed" >&2; return 1; }
  fi
  return 0
}

# Starts dnsmasq with the records above on the first free port from $1 (default 55353).
# Prints the port; the pid goes to the variable named by $2.
_sluice_dnsmasq_run() {
  local port=$1 log=$2 bin big="" i
  bin=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
  for i in 1 2 3 4 5 6 7 8; do big+=",$(printf "%0200d" "$i")"; done
  "$bin" --no-daemon --no-resolv --no-hosts --no-poll --conf-file=/dev/null --user=root \
    --port="$port" --listen-address=127.0.0.1 --bind-interfaces --cache-size=10000 \
    --local=/sluice.test/ --local-ttl=300 --neg-ttl=60 \
    --host-record=www.sluice.test,192.0.2.10,2001:db8::10 \
    --host-record=api.sluice.test,192.0.2.20 \
    --host-record=mail.sluice.test,192.0.2.25 \
    --host-record=blocked.sluice.test,192.0.2.66 \
    --mx-host=sluice.test,mail.sluice.test,10 \
    --txt-record=txt.sluice.test,"hello world" \
    --txt-record="big.sluice.test$big" \
    --cname=alias.sluice.test,www.sluice.test \
    --srv-host=_http._tcp.sluice.test,www.sluice.test,80,0,5 \
    --ptr-record=10.2.0.192.in-addr.arpa,www.sluice.test \
    </dev/null >>"$log" 2>&1 &
  echo $!
}

start_dnsmasq() {
  if [ -n "$_sluice_dnsmasq_pid" ] && kill -0 "$_sluice_dnsmasq_pid" 2>/dev/null; then
    echo "dnsmasq: 127.0.0.1:$SLUICE_TEST_DNSMASQ_PORT ready"
    return 0
  fi
  stop_dnsmasq
  ensure_dns_tools || return 1
  _sluice_dnsmasq_dir=$(mktemp -d /tmp/sluice-dnsmasq.XXXXXX) || return 1
  local port=55353 attempts=0 ready=""
  while [ "$attempts" -lt 10 ] && [ "$port" -lt 55553 ]; do
    if _sluice_dns_port_in_use "$port"; then port=$((port + 1)); continue; fi
    attempts=$((attempts + 1))
    _sluice_dnsmasq_pid=$(_sluice_dnsmasq_run "$port" "$_sluice_dnsmasq_dir/dnsmasq.log")
    for _ in $(seq 1 40); do # up to ~10 s
      if [ -n "$(dig +short +time=1 +tries=1 -p "$port" @127.0.0.1 www.sluice.test A 2>/dev/null)" ]; then
        ready=1
        break
      fi
      kill -0 "$_sluice_dnsmasq_pid" 2>/dev/null || break
      sleep 0.25
    done
    [ -n "$ready" ] && break
    kill "$_sluice_dnsmasq_pid" 2>/dev/null || true
    wait "$_sluice_dnsmasq_pid" 2>/dev/null || true
    port=$((port + 1))
  done
  if [ -z "$ready" ]; then
    echo "dnsmasq: did not answer on 127.0.0.1; log tail:" >&2
    tail -n 20 "$_sluice_dnsmasq_dir/dnsmasq.log" >&2
    stop_dnsmasq
    return 1
  fi
  export SLUICE_TEST_DNSMASQ_PORT="$port"
  export SLUICE_TEST_DNS_TOOLS=1
  echo "dnsmasq: 127.0.0.1:$port ($(dnsmasq --version 2>/dev/null | head -n 1 | awk '{print $3}')) ready"
}

stop_dnsmasq() {
  if [ -n "$_sluice_dnsmasq_pid" ]; then
    kill "$_sluice_dnsmasq_pid" 2>/dev/null || true
    wait "$_sluice_dnsmasq_pid" 2>/dev/null || true
  fi
  case "$_sluice_dnsmasq_dir" in /tmp/sluice-dnsmasq.*) rm -rf "$_sluice_dnsmasq_dir" ;; esac
  _sluice_dnsmasq_pid=""
  _sluice_dnsmasq_dir=""
  unset SLUICE_TEST_DNSMASQ_PORT SLUICE_TEST_DNS_TOOLS
  return 0
}
