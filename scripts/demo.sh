#!/usr/bin/env bash
# Builds the reference app and runs the demo flash sale on the embedded in-memory backend (nothing to install).
# Arguments go to the demo, e.g. scripts/demo.sh --buyers 200000 --stock 500 --shards 16 --strategy bitmap
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests -pl seckill-example-app -am package
exec java -jar seckill-example-app/target/seckill-app.jar demo "$@"
