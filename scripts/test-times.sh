#!/usr/bin/env bash
# test-times.sh TIMED: how long the test job's suites and cases took, from
# build/vm/test/report.timed (each report line after "SECONDS|", the host's
# seconds since the guest was started; scripts/vm.sh writes it).
#
# Prints one line per suite with its wall-clock minutes (a suite the guest
# never finished is marked so: the case after its last result hung), then
# the slowest cases. A case's time runs from the previous case's result
# line (or its suite's start) to its own, so it includes the case's setup.
# Under TCG these are host seconds: compare them within one run, not across
# machines.
set -euo pipefail
timed=${1:?TIMED}
awk -F'|' '
{ t = $1 + 0; line = substr($0, length($1) + 2); sub(/\r$/, "", line) }
line ~ /^PMN-SUITE / { split(line, w, " "); suite = w[2]; start = last = t; next }
line ~ /^PMN-END / {
	split(line, w, " ")
	printf "  %-32s %6.1f min\n", w[2], (t - start) / 60
	suite = ""; next
}
suite != "" && line ~ /^(not )?ok [0-9]+/ {
	name = line; sub(/^(not )?ok [0-9]+ *(- *)?/, "", name); sub(/ *#.*$/, "", name)
	gsub(/ /, "_", name)
	nc++; cname[nc] = suite "." name; ctime[nc] = t - last; last = t
}
END {
	if (suite != "")
		printf "  %-32s %6.1f min, unfinished\n", suite, (t - start) / 60
	if (nc == 0) exit
	print "  slowest cases:"
	for (k = 0; k < 8 && k < nc; k++) {
		best = 0
		for (i = 1; i <= nc; i++)
			if (!done[i] && (best == 0 || ctime[i] > ctime[best]))
				best = i
		done[best] = 1
		printf "    %6.1f s  %s\n", ctime[best], cname[best]
	}
}' "$timed"
