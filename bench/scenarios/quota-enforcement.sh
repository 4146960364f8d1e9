#!/usr/bin/env bash
# quota-enforcement: the application jar on a fresh embedded PostgreSQL, 20 workspaces (half on a
# plan of 120 API requests per minute, half on 240) each hammered by 6 clients for 45 s over
# loopback; counts what each was allowed against what its token bucket can give at every moment.
# Prints: quota-enforcement: tenants= requests= allowed= refused_429= over_limit= errors=
#         refused_without_retry_after= max_fill_pct= seconds= clients_per_tenant=
# Knobs: BENCH_PORT, BENCH_TENANTS, BENCH_CLIENTS, BENCH_SECONDS, BENCH_APP_OPTS.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/bench/scenarios/classpath.sh"
build_bench app
PORT=${BENCH_PORT:-18933}
source "$ROOT/bench/scenarios/app.sh"
start_app quota-enforcement

"$JAVA_HOME/bin/java" -Xmx1g -cp "$BENCH_CP" -Dbench.baseUrl="http://127.0.0.1:$PORT" \
  -Dbench.tenants="${BENCH_TENANTS:-20}" -Dbench.clientsPerTenant="${BENCH_CLIENTS:-6}" \
  -Dbench.seconds="${BENCH_SECONDS:-45}" \
  io.switchboard.bench.quota.QuotaEnforcement > "$HOME_DIR/result.txt" || {
    echo "quota-enforcement: the load generator failed; the application log ends:" >&2
    tail -30 "$HOME_DIR/app.log" >&2
    exit 1
  }
tail -1 "$HOME_DIR/result.txt"
