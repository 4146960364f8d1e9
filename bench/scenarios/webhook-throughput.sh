#!/usr/bin/env bash
# webhook-throughput: the application jar on a fresh embedded PostgreSQL (temp SWITCHBOARD_HOME),
# a workflow Webhook -> Set -> If -> Respond that answers the caller, driven over loopback by 50
# clients each looping request -> response: 10 s warm-up, then 30 s measured. Every execution and
# step is stored, as the application always does; the harness counts them in the database after.
# Prints: webhook-throughput: execs_per_s= p50_ms= p99_ms= errors= persisted= steps_persisted=
#         expected= requests= concurrency= seconds=
# Knobs: BENCH_PORT, BENCH_CONCURRENCY, BENCH_WARMUP_S, BENCH_SECONDS, BENCH_APP_OPTS (JVM options
# for the application, e.g. -XX:StartFlightRecording=filename=/tmp/app.jfr to see where time goes).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/bench/scenarios/classpath.sh"
build_bench app
PORT=${BENCH_PORT:-18932}
source "$ROOT/bench/scenarios/app.sh"
start_app webhook-throughput

"$JAVA_HOME/bin/java" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BENCH_CP" \
  -Dbench.baseUrl="http://127.0.0.1:$PORT" -Dbench.home="$HOME_DIR" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-50}" -Dbench.warmupSeconds="${BENCH_WARMUP_S:-30}" \
  -Dbench.seconds="${BENCH_SECONDS:-30}" -Dbench.appPid="$PID" \
  io.switchboard.bench.webhook.WebhookThroughput > "$HOME_DIR/result.txt" || {
    echo "webhook-throughput: the load generator failed; the application log ends:" >&2
    tail -30 "$HOME_DIR/app.log" >&2
    exit 1
  }
errors_in_log=$(grep -c ' ERROR ' "$HOME_DIR/app.log" || true)
echo "webhook-throughput: application log has $errors_in_log ERROR lines" >&2
tail -1 "$HOME_DIR/result.txt"
