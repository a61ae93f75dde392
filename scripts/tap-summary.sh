#!/usr/bin/env bash
# tap-summary.sh REPORT TAP: turn the test job's suite-delimited report into
# one ok/not ok line per test case named SUITE.CASE, write it to TAP, print
# a per-suite summary, each failed case with the diagnostic lines the suite
# printed before it, and the final "N passed, N failed[, N skipped]" line.
# What fails the run without a failed case is a "not ok" line of its own:
# a suite that exited non-zero (SUITE.exit_status), a suite that ran no
# case (SUITE.no_test_case), no suite at all (no_suite_ran). It does not
# judge the run: scripts/verdict.sh does, from TAP.
set -euo pipefail
report=${1:?REPORT}
tap=${2:?TAP}
mkdir -p "$(dirname "$tap")"
awk -v tap="$tap" '
/^PMN-SUITE / { suite = $2; cases[suite] = 0; order[++ns] = suite; nd = 0; next }
/^PMN-END / { if ($3 != 0 && failed[$2] == 0) { failed[$2]++; nfail++; n++
		print "not ok " n " " $2 ".exit_status # suite exited " $3 > tap } ; suite = ""; next }
# Diagnostics since the last result line, the last 20 kept.
suite != "" && /^ *#/ { diag[nd++ % 20] = $0; next }
suite != "" && /^(not )?ok [0-9]+/ {
	line = $0; bad = (line ~ /^not ok/)
	sub(/^(not )?ok [0-9]+ *(- *)?/, "", line)
	skip = (line ~ /# *SKIP/)
	name = line; sub(/ *#.*$/, "", name); gsub(/ /, "_", name)
	rest = ""; if (match(line, /#.*$/)) rest = " " substr(line, RSTART)
	n++; cases[suite]++
	if (bad) {
		failed[suite]++; nfail++; print "not ok " n " " suite "." name rest > tap
		fails = fails sprintf("  FAILED %s.%s\n", suite, name)
		for (i = (nd > 20 ? nd - 20 : 0); i < nd; i++)
			fails = fails "    " diag[i % 20] "\n"
	}
	else if (skip) { skipped[suite]++; nskip++; print "ok " n " " suite "." name rest > tap }
	else { passed[suite]++; npass++; print "ok " n " " suite "." name > tap }
	nd = 0
}
END {
	for (i = 1; i <= ns; i++) {
		s = order[i]
		printf "  %-32s %3d passed %3d failed %3d skipped\n", s, passed[s], failed[s], skipped[s]
		if (cases[s] == 0 && failed[s] == 0) {
			printf "  %-32s ran no test case\n", s; nfail++; n++
			print "not ok " n " " s ".no_test_case # ran no test case" > tap
		}
	}
	if (ns == 0) { print "  no suite ran"; nfail++; n++; print "not ok " n " no_suite_ran" > tap }
	print "1.." n > tap
	printf "%s", fails
	line = sprintf("%d passed, %d failed", npass, nfail)
	if (nskip) line = line sprintf(", %d skipped", nskip)
	print line
}' "$report"
