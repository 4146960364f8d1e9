# Sourced by the scenario scripts: builds the bench module (and what it depends on) inside this
# worktree, never installing into ~/.m2, and sets BENCH_CP to its runtime class path.
# Usage: build_bench [extra modules, e.g. app]
build_bench() {
  local modules="bench"
  [ $# -gt 0 ] && modules="bench,$(IFS=,; echo "$*")"
  (cd "$ROOT" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -B -ntp -q -DskipTests package -pl "$modules" -am) >&2
  BENCH_CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
}
