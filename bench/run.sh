#!/usr/bin/env bash
# Kept for old notes: the benchmarks run with ./vigil bench NAME (bench/README.md), which builds
# this module on demand. Usage (from anywhere):
#   bench/run.sh jmh [JMH args...]     = ./vigil bench jmh [JMH args...]
#   bench/run.sh scan [components] [runs] [share]   = ./vigil bench scan ...
#   bench/run.sh policy [rules] [rounds] [perRound] = ./vigil bench policy ...
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/vigil" bench "$@"
