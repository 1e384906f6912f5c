# shellcheck shell=bash
# Shared helpers of cluster.sh. Source it, don't run it.

VL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VL_ROOT="$(cd "$VL_HOME/../.." && pwd)"
VIGIL_CLUSTER_DIR="${VIGIL_CLUSTER_DIR:-${TMPDIR:-/tmp}/vigil-local-cluster}"
VIGIL_CLUSTER_NODES="${VIGIL_CLUSTER_NODES:-3}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

vl_log() { echo "[vigil-cluster] $*" >&2; }
vl_now_ms() { date +%s%3N; }

# The broker's classpath: the ./vigil distribution (kafka_2.13, kafka-server, log4j, vigil-deploy),
# built by the launcher when missing. VIGIL_CLASSPATH overrides it.
vl_classpath() {
  if [[ -n "${VIGIL_CLASSPATH:-}" ]]; then echo "$VIGIL_CLASSPATH"; return; fi
  local lib="$VL_ROOT/cli/target/dist/lib"
  if ! compgen -G "$lib/vigil-deploy-*.jar" > /dev/null; then
    vl_log "no distribution in $lib; building it with ./vigil (about a minute cold)"
    "$VL_ROOT/vigil" --version > /dev/null
  fi
  echo "$lib/*"
}

vl_tool() { "$JAVA" -Xmx128m -Dlog4j2.configurationFile="$VL_HOME/log4j2-tool.properties" \
  -cp "$(vl_classpath)" io.vigil.deploy.local.ClusterTool "$@"; }

vl_node_dir() { echo "$VIGIL_CLUSTER_DIR/node-$1"; }

# PID of node N when it is a live broker JVM started for this node (guards against PID reuse:
# the command line must name this node's server.properties).
vl_node_pid() {
  local dir pf pid cmd
  dir="$(vl_node_dir "$1")"; pf="$dir/broker.pid"
  [[ -s "$pf" ]] || return 1
  pid="$(cat "$pf")"
  kill -0 "$pid" 2>/dev/null || return 1
  cmd="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmd" == *" kafka.Kafka $dir/server.properties"* ]] || return 1
  echo "$pid"
}

vl_node_port() { sed -n 's/^advertised.listeners=PLAINTEXT:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$(vl_node_dir "$1")/server.properties"; }

vl_bootstrap() { cat "$VIGIL_CLUSTER_DIR/bootstrap"; }

vl_rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null; }
