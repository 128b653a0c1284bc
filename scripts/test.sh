#!/usr/bin/env bash
# Runs every test, unit and integration, against real Redis, Kafka and MariaDB started by the test harness.
# On a fresh Debian/Ubuntu machine it first installs redis-server and mariadb-server (scripts/setup.sh);
# Kafka comes from Maven. Extra arguments go to Maven, e.g. scripts/test.sh -pl seckill-redis -am
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec mvn -B verify "$@"
