#!/usr/bin/env bash
# 'make bench': build the bench kernels (no debugging), boot the patched and
# the vanilla kernel in turn BENCH_ROUNDS times on the same machine, and turn
# the results into build/results/bench.{json,md,png}.
#
# Environment: BENCH_ROUNDS (3), BENCH_BEAR_SECONDS (30).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${BENCH_ROUNDS:-3}
bear=${BENCH_BEAR_SECONDS:-30}
out=$BUILD/results/bench
for k in patched vanilla; do
	"$TOP/scripts/build-kernel.sh" $k bench
	"$TOP/scripts/initramfs.sh" $k bench
done

rm -rf "$out"
mkdir -p "$out"
for r in $(seq "$rounds"); do
	# Alternate which kernel boots first, so drift in the host cancels out.
	if [ $((r % 2)) = 1 ]; then order="vanilla patched"; else order="patched vanilla"; fi
	for k in $order; do
		note "round $r of $rounds: $k kernel"
		KERNEL=$k CONFIG=bench CMDLINE="pmn.bear_seconds=$bear" \
			"$TOP/scripts/vm.sh" bench | grep --line-buffered '^#' ||
			die "the $k bench run failed; see build/vm/bench/"
		cp "$BUILD/vm/bench/report.log" "$out/$k-$r.log"
		grep -q '^# done' "$out/$k-$r.log" || die "the $k bench run did not finish; see $out/$k-$r.log"
	done
done
python3 "$TOP/scripts/bench-report.py" "$out" "$BUILD/results"
