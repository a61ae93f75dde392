#!/usr/bin/env bash
# 'make test': boot the test machine, run every suite, write
# build/results/test.tap and print the summary. Non-zero on any failure, a
# hung guest, or a kernel warning/BUG/KASAN/lockdep report.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
# SUITES="a b" runs only those suites, CASES="x y" only those cases of the
# kselftest-harness programs (their -t option); the guest reads both from
# the kernel command line.
cmdline=${CMDLINE:-}
[ -n "${SUITES:-}" ] && cmdline="$cmdline pmn.suites=$(echo $SUITES | tr ' ' ',')"
[ -n "${CASES:-}" ] && cmdline="$cmdline pmn.cases=$(echo $CASES | tr ' ' ',')"
CMDLINE=$cmdline "$TOP/scripts/vm.sh" test > /dev/null
vm_status=$?
echo
echo "Results (build/results/test.tap):"
"$TOP/scripts/tap-summary.sh" "$BUILD/vm/test/report.log" "$BUILD/results/test.tap"
tap_status=$?
if [ $vm_status != 0 ] && [ $tap_status = 0 ]; then
	note "the guest run failed (status $vm_status); see build/vm/test/console.log"
	exit 1
fi
exit $tap_status
