#!/usr/bin/env bash
# wakeups: 100,000 executions parked in a Wait step on a throw-away embedded PostgreSQL, due over
# 60 s from 45 s after parking began (parking them takes 20-25 s on 2 cores), resumed by the wakeup
# sweeper on the wall clock. Stops sweeping in time to finish within 5 minutes of starting.
# Prints: wakeups: parked= resumed= duplicates= lateness_p50_ms= lateness_p99_ms= lateness_max_ms=
#         heap_mb_before= heap_mb_after= park_s= lead_s= spread_s= drain_s=
# Knobs (system properties in BENCH_WAKEUPS_OPTS): bench.executions, bench.leadSeconds,
# bench.spreadSeconds, bench.parkThreads, bench.poolSize, bench.inFlight, bench.pgStatements (PostgreSQL's
# busiest statements, with how often each was planned), bench.durable (fsync and synchronous_commit on),
# bench.explain (park, print the claim's plans, stop).
set -euo pipefail
started_ms=$(( $(date +%s%N) / 1000000 ))
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/bench/scenarios/classpath.sh"
build_bench
# zonky stops the embedded PostgreSQL and deletes its data directory when the JVM closes it.
exec "$JAVA_HOME/bin/java" -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.deadlineEpochMs=$(( started_ms + 280000 )) ${BENCH_WAKEUPS_OPTS:-} \
  -cp "$BENCH_CP" io.switchboard.bench.wakeups.Wakeups
