#!/usr/bin/env bash
# engine-step: JMH on the engine alone (in-memory store, no I/O): one execution of a manual
# trigger and 20 alternating Set (two {{ }} fields) and If steps per operation.
# Prints: engine-step: ns_per_node= ns_per_node_error= us_per_execution= nodes= forks=
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/bench/scenarios/classpath.sh"
build_bench
exec "$JAVA_HOME/bin/java" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BENCH_CP" \
  io.switchboard.bench.engine.EngineStep
