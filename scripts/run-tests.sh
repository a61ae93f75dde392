#!/usr/bin/env bash
# 'make test': boot the test machine, run every suite, write
# build/results/test.tap and print the summary. Non-zero on any failure, a
# hung guest, or a kernel warning/BUG/KASAN/lockdep report.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
"$TOP/scripts/vm.sh" test > /dev/null
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
