#!/bin/sh
# Job "test" ('make test'): run every suite of ours and print each one's
# TAP between
#   PMN-SUITE <suite>   and   PMN-END <suite> <exit status>
# Exits 1 when any suite exited non-zero, else 0. The host turns the report
# into build/results/test.tap (scripts/tap-summary.sh qualifies case names
# with the suite) and decides pass or fail (scripts/verdict.sh).
#
# Suites, in order:
#   /pmn/tests/<suite>.sh      shell suites printing TAP
#   /pmn/selftests/<suite>     kselftest-harness programs
#   /pmn/kunit.list            KUnit modules; each suite they register is run
#                              by loading the module and read back from
#                              /sys/kernel/debug/kunit/<suite>/results
#
# 'make test SUITES="a b" CASES="x y"' reaches us as pmn.suites=a,b and
# pmn.cases=x,y on the kernel command line: only the named suites run (a
# KUnit module runs when it or one of its suites is named), and a
# kselftest-harness program runs only the named cases (its -t option).

arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^pmn\.$1=//p" | tr ',' ' '; }
suites=$(arg suites)
cases=$(arg cases)

# wanted NAME...: is any of the names among the selected suites?
wanted() {
	[ -z "$suites" ] && return 0
	for n in "$@"; do
		for s in $suites; do [ "$s" = "$n" ] && return 0; done
	done
	return 1
}

case_args=
for c in $cases; do case_args="$case_args -t $c"; done

# 'make soak' sets how long private_node_cram's bear runs (pmn.bear_seconds=).
bear_seconds=$(arg bear_seconds)
[ -n "$bear_seconds" ] && export PN_BEAR_SECONDS="$bear_seconds"

# run_suite_always NAME CMD...: run one suite and frame its TAP for the
# host; remember a suite that failed for the job's exit status.
rc=0
run_suite_always() {
	name=$1
	shift
	echo "PMN-SUITE $name"
	"$@"
	st=$?
	echo "PMN-END $name $st"
	[ "$st" = 0 ] || rc=1
}

# As run_suite_always, if NAME is selected.
run_suite() {
	wanted "$1" || return 0
	run_suite_always "$@"
}

for t in /pmn/tests/*.sh; do
	[ -f "$t" ] || continue
	run_suite "$(basename "$t" .sh)" sh "$t"
done

for t in /pmn/selftests/*; do
	[ -x "$t" ] || continue
	# shellcheck disable=SC2086 # one word per option
	run_suite "$(basename "$t")" "$t" $case_args
done

kunit_cases() {
	# Test cases are the results lines at the first indentation level.
	sed -n 's/^    \(\(not \)\{0,1\}ok [0-9].*\)$/\1/p' "$1"
	grep -q '^not ok' "$1" && return 1
	return 0
}

# known NAME: a shell suite or a selftest of that name exists.
known() { [ -f "/pmn/tests/$1.sh" ] || [ -x "/pmn/selftests/$1" ]; }

# A KUnit module loads when no suite was selected, when it was named, or
# when a selected name is no shell suite or selftest (it may be one of the
# module's KUnit suites; run_suite then picks it out).
kunit_wanted() {
	[ -z "$suites" ] && return 0
	wanted "$1" && return 0
	for s in $suites; do known "$s" || return 0; done
	return 1
}

[ -f /pmn/kunit.list ] && while read -r mod; do
	case "$mod" in ''|'#'*) continue ;; esac
	kunit_wanted "$mod" || continue
	before=$(ls /sys/kernel/debug/kunit 2>/dev/null)
	if ! modprobe "$mod"; then
		run_suite_always "$mod" sh -c "echo 'not ok 1 load_module # modprobe $mod failed'; exit 1"
		continue
	fi
	for s in $(ls /sys/kernel/debug/kunit); do
		echo "$before" | grep -qx "$s" && continue
		wanted "$mod" "$s" || continue
		run_suite_always "$s" kunit_cases "/sys/kernel/debug/kunit/$s/results"
	done
	modprobe -r "$mod" 2>/dev/null
done < /pmn/kunit.list
exit $rc
