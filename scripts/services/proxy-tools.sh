# shellcheck shell=bash
# Client tools for the HTTP proxy tests. Sourced by scripts/test.sh; defines ensure_proxy_tools.
#
# ensure_proxy_tools installs, when missing: curl, openssl (test certificates of the HTTP client
# tests) and chromium (Debian), python3 `requests` (PyPI).
# It exports SLUICE_TEST_PROXY_TOOLS=1 once curl and requests are there, and
# SLUICE_TEST_CHROMIUM=/path/to/chromium when a headless Chromium is available.
# The tests start the proxy and their upstream server in-process on 127.0.0.1; nothing leaves loopback.
# Works under `set -u` and `set -e` alike.

_sluice_proxy_apt_updated=""

_sluice_proxy_apt_install() {
  [ "$(id -u)" -eq 0 ] || { echo "proxy-tools: not root, cannot install $*" >&2; return 1; }
  if [ -z "$_sluice_proxy_apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    _sluice_proxy_apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}

ensure_proxy_tools() {
  command -v curl >/dev/null 2>&1 || _sluice_proxy_apt_install curl ca-certificates || return 1
  command -v openssl >/dev/null 2>&1 || _sluice_proxy_apt_install openssl || return 1
  python3 -c 'import requests' 2>/dev/null || python3 -m pip install --quiet requests || return 1
  export SLUICE_TEST_PROXY_TOOLS=1
  if ! command -v chromium >/dev/null 2>&1; then
    _sluice_proxy_apt_install chromium || echo "proxy-tools: chromium not installed; the browser test will report it" >&2
  fi
  if command -v chromium >/dev/null 2>&1; then
    SLUICE_TEST_CHROMIUM="$(command -v chromium)"
    export SLUICE_TEST_CHROMIUM
  fi
  return 0
}
