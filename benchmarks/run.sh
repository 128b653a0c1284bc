#!/usr/bin/env bash
# Runs every seckill benchmark: builds the JMH jar and the reference app, starts Redis, MariaDB and Kafka on
# loopback, measures the servers' own ceilings (redis-benchmark, mariadb-slap, Kafka ProducerPerformance), runs the
# JMH benchmarks against the same servers, then the end-to-end sales (the SDK in a 512 MiB JVM; seckill-app serve
# driven by wrk, alternating with its own ceiling, and by seckill-app simulate), stops the servers, and writes
# report.json, report.md and PNG charts into benchmarks/results/<UTC timestamp>/.
#
#   benchmarks/run.sh              full run, the figures to publish (run it on a quiet machine)
#   benchmarks/run.sh --quick      a few minutes: proves everything runs, figures indicative only
#   benchmarks/run.sh --docs       also puts the results into docs/benchmarks.md (and its charts into docs/benchmarks/)
#   benchmarks/run.sh --e2e-only   the end-to-end sales alone (with --quick for the small ones)
#
# Exits non-zero when a ceiling or a benchmark failed; missed targets are reported, not failed.
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
for arg in "$@"; do
  case "$arg" in
    --quick) args+=(--quick) ;;
    --docs) args+=(--docs docs/benchmarks.md) ;;
    --e2e-only) args+=(--e2e-only) ;;
    *) echo "usage: benchmarks/run.sh [--quick] [--docs] [--e2e-only]" >&2; exit 2 ;;
  esac
done

scripts/setup.sh
mvn -B -q -DskipTests -pl benchmarks,seckill-example-app -am package
out="benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
exec java -Xmx1g -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar \
  io.github.seckill.benchmarks.run.BenchmarkRun --out "$out" --app seckill-example-app/target/seckill-app.jar "${args[@]}"
