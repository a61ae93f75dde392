#!/usr/bin/env bash
# verdict.sh JOB: the one place that decides whether a boot of the test
# machine passed. scripts/vm.sh ends with it; run it again by hand to
# re-judge the last run of a job from its logs in build/vm/JOB/:
#
#   guest-status  what vm.sh saw: "exit N" (the job's exit status, from the
#                 report's "PMN-EXIT N" line), "hung S" (killed after S
#                 seconds) or "stopped" (no PMN-EXIT: a crash or a panic)
#   console.log   the kernel log, scanned for WARNING, BUG, Oops, KASAN,
#                 UBSAN, lockdep, hung-task and panic reports
#   report.log    what the job printed; for the test job, scripts/tap-summary.sh
#                 turns it into build/results/test.tap and the summary
#   report.timed  the test job's report with host times, from which
#                 scripts/test-times.sh prints how long suites and cases took
#
# Prints why a run failed (hung guest: the last 50 console lines; kernel
# reports: each one) and exits with the run's status:
#   test   0 when the guest exited 0, every case passed and the kernel log
#          is clean; 1 otherwise
#   other  the job's exit status (for 'vm', the program's); 124 if the guest
#          hung, 125 if it stopped before the job ended, 3 if the job exited
#          0 but the kernel log holds a report
set -euo pipefail
. "$(dirname "$0")/lib.sh"

job=${1:?JOB}
out=$BUILD/vm/$job
[ -f "$out/guest-status" ] || die "no run of job '$job' to judge (${out#"$TOP"/}/guest-status)"
read -r guest arg < "$out/guest-status" || true

# The guest's own outcome.
status=0
case "$guest" in
hung)
	note "guest hung: killed after $arg s; the last 50 console lines:"
	tail -n 50 "$out/console.log" >&2
	status=124 ;;
stopped)
	note "guest stopped before its job finished; the last 50 console lines:"
	tail -n 50 "$out/console.log" >&2
	status=125 ;;
exit)
	status=$arg ;;
*)
	die "${out#"$TOP"/}/guest-status: unreadable ('$guest $arg')" ;;
esac

# The kernel log: any report fails the run, whatever the job said.
pattern='WARNING:|BUG:|Oops|KASAN|UBSAN|possible recursive locking|possible circular locking|inconsistent lock state|lock held when returning|INFO: task .* blocked for more than|Kernel panic|general protection fault|kernel BUG at'
kernel_clean=1
if grep -Eq "$pattern" "$out/console.log"; then
	kernel_clean=0
	note "the kernel reported problems (from ${out#"$TOP"/}/console.log):"
	grep -En -A 12 "$pattern" "$out/console.log" | head -n 200 >&2
fi

if [ "$job" = test ]; then
	tap=$BUILD/results/test.tap
	echo
	echo "Results (${tap#"$TOP"/}):"
	"$TOP/scripts/tap-summary.sh" "$out/report.log" "$tap"
	if [ -f "$out/report.timed" ]; then
		echo "Times (host wall clock; also in ${BUILD#"$TOP"/}/results/times.txt):"
		"$TOP/scripts/test-times.sh" "$out/report.timed" | tee "$BUILD/results/times.txt"
	fi
	failed=$(grep -c '^not ok' "$tap" || true)
	if [ "$failed" != 0 ]; then
		exit 1
	elif [ "$status" != 0 ]; then
		note "the guest run failed (status $status); see ${out#"$TOP"/}/console.log"
		exit 1
	elif [ $kernel_clean = 0 ]; then
		note "every case passed, but the kernel log holds the reports above"
		exit 1
	fi
	exit 0
fi

[ "$job" = vm ] && [ "$guest" = exit ] && note "program exited with status $status"
[ "$job" != vm ] && [ "$status" != 0 ] && [ "$guest" = exit ] && note "job $job exited with status $status"
[ "$status" = 0 ] && [ $kernel_clean = 0 ] && status=3
exit "$status"
