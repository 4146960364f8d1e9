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
CHROMIUM=${SWITCHBOARD_CHROMIUM:-$(command -v chromium || true)}
[ -x "$CHROMIUM" ] || { echo "editor-open: Chromium is needed ('apt-get install chromium', or set SWITCHBOARD_CHROMIUM)" >&2; exit 1; }

PORT=${BENCH_PORT:-18934}
source "$ROOT/bench/scenarios/app.sh"
start_app editor-open

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
