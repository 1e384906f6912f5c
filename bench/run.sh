#!/usr/bin/env bash
# Runs the matching benchmarks. Usage (from the repository root):
#   bench/run.sh jmh [JMH args...]     e.g. bench/run.sh jmh VersionCompare -p ecosystem=Maven
#   bench/run.sh scan [components] [runs]
#   bench/run.sh policy [rules] [rounds] [perRound]
# Needs ../shared/data beside the checkout (or VIGIL_SHARED_DATA). Builds core, cli and bench first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${VIGIL_SHARED_DATA:-$ROOT/../shared/data}"
cd "$ROOT"
mvn -B -q -Dquick -pl core,cli,bench -am package -DskipTests
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
what="${1:-jmh}"; shift || true
case "$what" in
  jmh)  exec java -Dvigil.shared.data="$SHARED" -cp "$CP" org.openjdk.jmh.Main "$@" ;;
  scan) exec java -Dvigil.shared.data="$SHARED" -cp "$CP" io.vigil.bench.ScanWallClock "$ROOT" "$@" ;;
  policy) exec java -XX:+UseParallelGC -cp "$CP" io.vigil.bench.PolicyCostBench "$@" ;;
  *)    echo "usage: bench/run.sh jmh|scan|policy ..." >&2; exit 2 ;;
esac
