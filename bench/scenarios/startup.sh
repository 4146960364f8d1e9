#!/usr/bin/env bash
# startup: how long `./switchboard run` takes from launch to a healthy /actuator/health, on a
# fresh SWITCHBOARD_HOME (initdb + migrations + superadmin) and again on a warm restart, and the
# heap used once idle. Prints: startup: cold_s= warm_s= heap_mb=
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR="$ROOT/app/target/switchboard.jar"
(cd "$ROOT" && mvn -B -ntp -q -DskipTests package -pl app -am)

HOME_DIR=$(mktemp -d)
PORT=${BENCH_PORT:-18931}
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$HOME_DIR"; }
trap cleanup EXIT

start_and_time() {
  local t0 t1
  t0=$(date +%s%N)
  SWITCHBOARD_HOME="$HOME_DIR" SWITCHBOARD_PORT="$PORT" SWITCHBOARD_ADMIN_PASSWORD=bench-admin-pass-1 \
    "$JAVA_HOME/bin/java" -jar "$JAR" > "$HOME_DIR/app.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 1200); do
    if curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1; then
      t1=$(date +%s%N)
      echo $(( (t1 - t0) / 1000000 ))
      return
    fi
    kill -0 "$PID" 2>/dev/null || { echo "startup: the application exited; see $HOME_DIR/app.log" >&2; tail -20 "$HOME_DIR/app.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "startup: not healthy after 120 s" >&2
  exit 1
}

stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }

cold=$(start_and_time)
stop
warm=$(start_and_time)
sleep 3
heap=$(curl -sf "http://127.0.0.1:$PORT/actuator/metrics/jvm.memory.used?tag=area:heap" \
  | sed -E 's/.*"value":([0-9.E]+).*/\1/' | awk '{printf "%d", $1 / 1048576}')
stop
printf 'startup: cold_s=%d.%d warm_s=%d.%d heap_mb=%s\n' $((cold / 1000)) $((cold % 1000 / 100)) $((warm / 1000)) $((warm % 1000 / 100)) "$heap"
