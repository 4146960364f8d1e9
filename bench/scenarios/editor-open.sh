#!/usr/bin/env bash
# editor-open: the application jar on a fresh embedded PostgreSQL (temp SWITCHBOARD_HOME); a
# workflow of 200 steps created through the API is opened in the editor in Debian's Chromium,
# timed from navigation until every step is drawn and measured and the palette is ready: one
# warm-up opening, then 5 measured; the median is ms.
# Prints: editor-open: ms= ms_min= ms_max= ms_first= nodes= runs=
# Knobs: BENCH_PORT, BENCH_EDITOR_NODES, BENCH_EDITOR_RUNS, SWITCHBOARD_CHROMIUM.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/bench/scenarios/classpath.sh"
build_bench app
JAR="$ROOT/app/target/switchboard.jar"
CHROMIUM=${SWITCHBOARD_CHROMIUM:-$(command -v chromium || true)}
[ -x "$CHROMIUM" ] || { echo "editor-open: Chromium is needed ('apt-get install chromium', or set SWITCHBOARD_CHROMIUM)" >&2; exit 1; }

HOME_DIR=$(mktemp -d)
PORT=${BENCH_PORT:-18933}
PID=""
cleanup() {
  if [ -n "$PID" ] && kill "$PID" 2>/dev/null; then
    for _ in $(seq 1 300); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$PID" 2>/dev/null; then
      kill -9 "$PID" 2>/dev/null || true
      pg=$(head -1 "$HOME_DIR/postgres/data/postmaster.pid" 2>/dev/null || true)
      [ -n "$pg" ] && kill -INT "$pg" 2>/dev/null || true
      sleep 2
    fi
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$HOME_DIR"
}
trap cleanup EXIT

SWITCHBOARD_HOME="$HOME_DIR" SWITCHBOARD_PORT="$PORT" SWITCHBOARD_ADMIN_PASSWORD=bench-admin-pass-1 \
  "$JAVA_HOME/bin/java" -jar "$JAR" > "$HOME_DIR/app.log" 2>&1 &
PID=$!
healthy=""
for _ in $(seq 1 1200); do
  if curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1; then healthy=1; break; fi
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$healthy" ]; then
  echo "editor-open: the application did not become healthy; its log ends:" >&2
  tail -30 "$HOME_DIR/app.log" >&2
  exit 1
fi

SWITCHBOARD_CHROMIUM="$CHROMIUM" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  "$JAVA_HOME/bin/java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BENCH_CP" \
  -Dbench.baseUrl="http://127.0.0.1:$PORT" -Dbench.nodes="${BENCH_EDITOR_NODES:-200}" \
  -Dbench.runs="${BENCH_EDITOR_RUNS:-5}" \
  io.switchboard.bench.editor.EditorOpen > "$HOME_DIR/result.txt" || {
    echo "editor-open: the harness failed; the application log ends:" >&2
    tail -30 "$HOME_DIR/app.log" >&2
    exit 1
  }
tail -1 "$HOME_DIR/result.txt"
