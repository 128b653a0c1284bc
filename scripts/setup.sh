#!/usr/bin/env bash
# Installs the servers that seckill's test harness (seckill-test-servers) starts on its own:
# Redis (redis-server, redis-cli) and MariaDB (mariadbd, mariadb-install-db); and Chromium with its driver for
# the reference app's browser test, and wrk for its HTTP benchmark.
# Java and Maven are assumed present; Kafka needs nothing here, it comes from Maven.
# Safe to run again: it installs only what is missing, and nothing when all is present.
set -euo pipefail

installed() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/local/sbin/$1" ]
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup.sh: need root or sudo to run: $*" >&2
    exit 1
  fi
}

missing=()
if ! installed redis-server || ! installed redis-cli; then
  missing+=(redis-server)
fi
if ! { installed mariadbd || installed mysqld; } || ! { installed mariadb-install-db || installed mysql_install_db; }; then
  missing+=(mariadb-server)
fi

if ! installed chromium || ! installed chromedriver; then
  missing+=(chromium chromium-driver)
fi
if ! installed wrk; then
  missing+=(wrk)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup.sh: Redis, MariaDB, Chromium and wrk are installed; nothing to do."
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'TEXT'
setup.sh: this is not a Debian or Ubuntu system, so install these yourself:
  - Redis 6.2 or newer (7.x is tested): redis-server and redis-cli
  - MariaDB server 10.6 or newer (10.11 is tested): mariadbd and mariadb-install-db
    (older releases name them mysqld and mysql_install_db)
  - Chromium and its WebDriver (chromium, chromedriver), for the browser test; wrk, for the HTTP benchmark
For example:  brew install redis mariadb  |  dnf install redis mariadb-server  |  pacman -S redis mariadb
The harness starts its own servers on free ports; the packages' services need not run.
TEXT
  exit 1
fi

# The harness starts its own servers, so keep the packages from starting theirs on the default ports
# (6379, 3306): a policy-rc.d that answers 101 makes invoke-rc.d and deb-systemd-invoke skip the start.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
  as_root chmod 755 "$policy"
  trap 'as_root rm -f "$policy"' EXIT
fi

echo "setup.sh: installing ${missing[*]}"
as_root apt-get update -q
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

# On a systemd machine, also keep them from starting at the next boot.
if [ -d /run/systemd/system ]; then
  for package in "${missing[@]}"; do
    case "$package" in
      redis-server) as_root systemctl disable --now redis-server >/dev/null 2>&1 || true ;;
      mariadb-server) as_root systemctl disable --now mariadb >/dev/null 2>&1 || true ;;
    esac
  done
fi

echo "setup.sh: done; the harness starts its own Redis and MariaDB servers when tests need them."
