#!/bin/sh
# Browser and HTML-checker prerequisites of the test suite. Installs Debian's
# chromium and a Java runtime when they are missing and we may (root + apt-get).
set -eu
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
command -v java >/dev/null 2>&1 || need="$need default-jre-headless"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing:$need"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
else
  echo "missing:$need -- install them (Debian: sudo apt-get install$need) and run again" >&2
  exit 1
fi
