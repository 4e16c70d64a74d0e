# Sourced by .ci/run. Runs a CI step with its output in a log file instead of the CI's own output.
#
# Why: CI decides whether a run executed tests by reading closing lines of known test runners
# anywhere in the output (pytest's `=== ... in 1.2s ===` among them). Schemathesis prints
# pytest-style summary lines, mypy and pip print their own; every landing so far was counted as
# "ran no test" although .ci/run ended on the right count line. So the only test summaries left in
# the CI output are jest's and the final `tests: N passed, M failed`.
#
#   logged NAME CMD...        runs CMD, output to $CI_LOG_DIR/NAME.log; one line on success,
#                             the log's last lines (indented) and CMD's exit status on failure
#   logged_env NAME CMD...    the same for a `start.sh` that prints VAR=value lines: its stdout is
#                             printed (for eval), its stderr goes to the log
#   show_lines NAME REGEX     prints the lines of NAME's log that match REGEX, indented
#
# Lines are indented with "  | " whenever a log is shown, so no shown line stands alone as a
# runner's closing line either.

CI_LOG_DIR=${CI_LOG_DIR:-test-results/ci-logs}
CI_LOG_TAIL=${CI_LOG_TAIL:-120}
mkdir -p "$CI_LOG_DIR"

_logged_fail() {
  local name=$1 status=$2 log="$CI_LOG_DIR/$1.log"
  printf '%s: FAILED (exit %s); last %s lines of %s:\n' "$name" "$status" "$CI_LOG_TAIL" "$log"
  tail -n "$CI_LOG_TAIL" "$log" | sed 's/^/  | /'
  return "$status"
}

logged() {
  local name=$1 started=$SECONDS status=0
  shift
  "$@" >"$CI_LOG_DIR/$name.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    _logged_fail "$name" "$status"
    return "$status"
  fi
  printf '%s: ok, %s s (log %s)\n' "$name" "$((SECONDS - started))" "$CI_LOG_DIR/$name.log"
}

logged_env() {
  local name=$1 status=0 out
  shift
  out=$("$@" 2>"$CI_LOG_DIR/$name.log") || status=$?
  if [ "$status" -ne 0 ]; then
    _logged_fail "$name" "$status" >&2
    return "$status"
  fi
  printf '%s\n' "$out"
}

show_lines() {
  grep -E "$2" "$CI_LOG_DIR/$1.log" | sed 's/^/  | /' || true
}
