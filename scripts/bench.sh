#!/usr/bin/env bash
# 'make bench': build the bench kernels (-O2, no debugging), boot the patched
# and the vanilla kernel in turn BENCH_ROUNDS times on the same machine, and
# turn the results into docs/bench.md and docs/bench.png (committed: the
# figures the README points to) and build/results/bench.json (every value).
#
# Each round boots each kernel twice: once for every benchmark, and once
# under QEMU -icount (ICOUNT=1 in scripts/vm.sh) for the allocator and fault
# benchmarks alone, whose timings then count guest instructions.
#
# 'make bench-cost' (bench.sh cost) boots only the -icount passes, about
# half a minute each, and prints the cost table alone (also written to
# build/results/bench-cost.md); docs/ is left alone.
#
# Environment: BENCH_ROUNDS (3), BENCH_BEAR_SECONDS (30).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${BENCH_ROUNDS:-3}
bear=${BENCH_BEAR_SECONDS:-30}
mode=${1:-all}
case $mode in all|cost) ;; *) die "usage: bench.sh [cost]" ;; esac
out=$BUILD/results/bench
[ "$mode" = cost ] && out=$BUILD/results/bench-cost
for k in patched vanilla; do
	KERNEL=$k CONFIG=bench "$TOP/scripts/build-kernel.sh"
	KERNEL=$k CONFIG=bench "$TOP/scripts/initramfs.sh"
done

# boot KERNEL LOG [VAR=VALUE...]: one bench boot, its report kept as LOG.
boot() {
	local k=$1 log=$2
	shift 2
	env "$@" KERNEL="$k" CONFIG=bench "$TOP/scripts/vm.sh" bench |
		grep --line-buffered '^#' || die "the $k bench run failed; see build/vm/bench/"
	cp "$BUILD/vm/bench/report.log" "$log"
}

rm -rf "$out"
mkdir -p "$out"
for r in $(seq "$rounds"); do
	# Alternate which kernel boots first, so drift in the host cancels out.
	if [ $((r % 2)) = 1 ]; then order="vanilla patched"; else order="patched vanilla"; fi
	for k in $order; do
		if [ "$mode" != cost ]; then
			note "round $r of $rounds: $k kernel"
			boot $k "$out/$k-$r.log" CMDLINE="pmn.bear_seconds=$bear pmn.round=$r"
		fi
		note "round $r of $rounds: $k kernel under -icount"
		boot $k "$out/$k-icount-$r.log" ACCEL=tcg ICOUNT=1 CMDLINE="pmn.bench=cost"
	done
done
if [ "$mode" = cost ]; then
	python3 "$TOP/scripts/bench-report.py" --cost "$out" | tee "$BUILD/results/bench-cost.md"
	exit 0
fi
python3 "$TOP/scripts/bench-report.py" "$out" "$BUILD/results" "$TOP/docs"
