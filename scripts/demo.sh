#!/usr/bin/env bash
# Builds the reference app and runs the demo flash sale on the embedded in-memory backend (nothing to install).
# Arguments go to the demo, e.g. scripts/demo.sh --buyers 200000 --stock 500 --shards 16 --strategy bitmap
set -euo pipefail
cd "$(dirname "$0")/.."
# Quiet build: its output is shown only if it fails.
if ! build_log=$(mvn -q -B -DskipTests -pl seckill-example-app -am package 2>&1); then
  echo "$build_log" >&2
  exit 1
fi
exec java -jar seckill-example-app/target/seckill-app.jar demo "$@"
