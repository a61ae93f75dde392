#!/bin/sh
# Job "test": run every suite of ours and print each one's TAP between
#   PMN-SUITE <suite>   and   PMN-END <suite> <exit status>
# The host (scripts/tap-summary.sh) qualifies case names with the suite.
#
# Suites, in order:
#   /pmn/tests/<suite>.sh      shell suites printing TAP
#   /pmn/selftests/<suite>     kselftest-harness programs
#   /pmn/kunit.list            KUnit modules; each suite they register is run
#                              by loading the module and read back from
#                              /sys/kernel/debug/kunit/<suite>/results

run_suite() {
	name=$1
	shift
	echo "PMN-SUITE $name"
	"$@"
	echo "PMN-END $name $?"
}

for t in /pmn/tests/*.sh; do
	[ -f "$t" ] || continue
	run_suite "$(basename "$t" .sh)" sh "$t"
done

for t in /pmn/selftests/*; do
	[ -x "$t" ] || continue
	run_suite "$(basename "$t")" "$t"
done

kunit_cases() {
	# Test cases are the results lines at the first indentation level.
	sed -n 's/^    \(\(not \)\{0,1\}ok [0-9].*\)$/\1/p' "$1"
	grep -q '^not ok' "$1" && return 1
	return 0
}

[ -f /pmn/kunit.list ] && while read -r mod; do
	case "$mod" in ''|'#'*) continue ;; esac
	before=$(ls /sys/kernel/debug/kunit 2>/dev/null)
	if ! modprobe "$mod"; then
		run_suite "$mod" sh -c "echo 'not ok 1 load_module # modprobe $mod failed'; exit 1"
		continue
	fi
	for s in $(ls /sys/kernel/debug/kunit); do
		echo "$before" | grep -qx "$s" && continue
		run_suite "$s" kunit_cases "/sys/kernel/debug/kunit/$s/results"
	done
	modprobe -r "$mod" 2>/dev/null
done < /pmn/kunit.list
true
