#!/usr/bin/env bash
# The reference app, end to end: builds it, serves it (on the embedded in-memory backend by default: nothing to
# install), creates a flash sale that opens in a few seconds, fires 50,000 buyers at 1,000 items over HTTP, and prints
# the result table from the sale's audit with the URLs of the sale page and the live dashboard.
#   scripts/demo.sh                      run the sale, stop, exit with the audit's verdict (0: clean)
#   scripts/demo.sh --serve              ... then keep serving until Ctrl-C (open the URLs in a browser)
#   scripts/demo.sh --backend servers    the same on real Redis, Kafka and MariaDB (installs them if missing)
#   scripts/demo.sh --buyers 200000 --stock 500 --port 8080
set -euo pipefail
cd "$(dirname "$0")/.."

backend=memory serve=0 buyers=50000 stock=1000 port=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --backend) backend="$2"; shift 2 ;;
    --serve) serve=1; shift ;;
    --buyers) buyers="$2"; shift 2 ;;
    --stock) stock="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ "$backend" == servers ]]; then
  scripts/setup.sh
fi
# Quiet build: its output is shown only if it fails.
if ! build_log=$(mvn -q -B -DskipTests -pl seckill-example-app -am package 2>&1); then
  echo "$build_log" >&2
  exit 1
fi
jar=seckill-example-app/target/seckill-app.jar
log=$(mktemp -t seckill-serve.XXXXXX)
java -jar "$jar" serve --demo --backend "$backend" --port "$port" --user-rate 1000 --address-rate 1000000 \
  >"$log" 2>&1 &
server=$!
stop() { kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true; rm -f "$log"; }
trap stop EXIT
trap 'exit 130' INT TERM
url=""
for _ in $(seq 1 600); do
  url=$(sed -n 's/^listening on //p' "$log" | head -n 1)
  [[ -n "$url" ]] && break
  if ! kill -0 "$server" 2>/dev/null; then cat "$log" >&2; exit 1; fi
  sleep 0.1
done
[[ -n "$url" ]] || { echo "the app did not start; its log:" >&2; cat "$log" >&2; exit 1; }
sed -n '1,6p' "$log"
verdict=0
java -jar "$jar" simulate --url "$url" --buyers "$buyers" --stock "$stock" || verdict=$?
if [[ "$serve" == 1 ]]; then
  echo "serving $url until Ctrl-C"
  wait "$server"
fi
exit "$verdict"
