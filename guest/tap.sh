# TAP helpers for shell suites. Source it, call tap_plan N, then one
# tap_ok/tap_fail/tap_skip per case.
# shellcheck shell=sh
tap_n=0
tap_failed=0
tap_plan() { echo "TAP version 13"; echo "1..$1"; }
tap_ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n $1"; }
tap_fail() { tap_n=$((tap_n + 1)); tap_failed=1; echo "not ok $tap_n $1"; shift; for l in "$@"; do echo "# $l"; done; }
tap_skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n $1 # SKIP $2"; }
# tap_check NAME COMMAND...: ok when the command succeeds.
tap_check() { name=$1; shift; if "$@"; then tap_ok "$name"; else tap_fail "$name" "failed: $*"; fi; }
tap_done() { exit $tap_failed; }
