# Sourced by scenarios that drive the application jar: start_app starts it on a fresh embedded
# PostgreSQL in a temporary SWITCHBOARD_HOME (HOME_DIR) on PORT, as PID, and waits until healthy;
# on exit the application (and, if it hangs, its PostgreSQL) is stopped and the home removed.
# Usage: start_app SCENARIO_NAME  (BENCH_APP_OPTS: extra JVM options for the application)
HOME_DIR=$(mktemp -d)
PID=""
stop_app() {
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
trap stop_app EXIT

start_app() {
  SWITCHBOARD_HOME="$HOME_DIR" SWITCHBOARD_PORT="$PORT" SWITCHBOARD_ADMIN_PASSWORD=bench-admin-pass-1 \
    "$JAVA_HOME/bin/java" ${BENCH_APP_OPTS:-} -jar "$ROOT/app/target/switchboard.jar" > "$HOME_DIR/app.log" 2>&1 &
  PID=$!
  local healthy=""
  for _ in $(seq 1 1200); do
    if curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1; then healthy=1; break; fi
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$healthy" ]; then
    echo "$1: the application did not become healthy; its log ends:" >&2
    tail -30 "$HOME_DIR/app.log" >&2
    exit 1
  fi
}
