#!/usr/bin/env bash
# Measures the correlator's state size per component instance (see state-size.jsh); prints one
# JSON line. Parameters: PROJECTS (5000) x COMPONENTS (200) from PACKAGES (20000), PARTITIONS (6).
#   deploy/measure/state-size.sh                       # 1,000,000 component instances
#   PROJECTS=500 deploy/measure/state-size.sh          # 100,000 (quick)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
"$ROOT/vigil" --version > /dev/null   # builds the distribution when missing or stale
exec jshell --class-path "$ROOT/cli/target/dist/lib/*" \
  -R-Xmx2g -R-XX:+UseParallelGC -R-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vigil \
  -R-Dlog4j2.configurationFile=classpath:vigil-log4j2.properties \
  -R-Dprojects="${PROJECTS:-5000}" -R-Dcomponents="${COMPONENTS:-200}" \
  -R-Dpackages="${PACKAGES:-20000}" -R-Dpartitions="${PARTITIONS:-6}" \
  "$HERE/state-size.jsh"
