#!/usr/bin/env bash
# Runs the deterministic fault simulation of the whole pipeline (seckill-simulation's SimulationTest) on more seeds
# than the build does, or replays one seed with its full trace.
#
#   scripts/simulate-faults.sh --seeds 100000            # seeds 1..100000
#   scripts/simulate-faults.sh --seeds 5000 --from 20001  # seeds 20001..25000
#   scripts/simulate-faults.sh --seed 4242                # one seed, its trace printed
#   scripts/simulate-faults.sh --seeds 2000 --steps 2000  # longer runs per seed
#
# Prints the report and writes it to seckill-simulation/target/simulation-report.md and .json; a failing seed's trace
# goes to seckill-simulation/target/simulation-failures/seed-N.log. Extra arguments go to Maven (e.g. -o for offline).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=1000
from=1
steps=
trace=false
maven=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    --seed) from="$2"; seeds=1; trace=true; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) maven+=("$1"); shift ;;
  esac
done
args=(-Dseckill.simulation.seeds="$seeds" -Dseckill.simulation.firstSeed="$from" -Dseckill.simulation.trace="$trace")
if [[ -n "$steps" ]]; then
  args+=(-Dseckill.simulation.steps="$steps")
fi
# The surefire timeout of a long run is the run's own business: no fork timeout is set.
exec mvn -B ${maven[@]+"${maven[@]}"} test -pl seckill-simulation -am \
  -Dtest='SimulationTest#everySeedKeepsTheInvariants' -Dsurefire.failIfNoSpecifiedTests=false "${args[@]}"
