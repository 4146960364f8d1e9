#!/usr/bin/env bash
# rag-query: see bench/README.md. Runs io.switchboard.bench.rag.RagBench query on a throw-away embedded PostgreSQL.
# Knobs (system properties in BENCH_RAG_OPTS): bench.chunks, bench.otherTenants, bench.otherChunks, bench.queries, bench.verbose.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/bench/scenarios/classpath.sh"
build_bench
exec "$JAVA_HOME/bin/java" -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${BENCH_RAG_OPTS:-} \
  -cp "$BENCH_CP" io.switchboard.bench.rag.RagBench query
