#!/usr/bin/env bash
# Boot the test machine and run one job in it.
#
#   vm.sh JOB [FILE]
#
# JOB is run, test, vm (runs FILE), bench or probe: guest/jobs/JOB.sh runs
# in the guest, and 'make JOB' runs it (scripts/bench.sh boots the bench
# job several times; vm.sh boots probe itself, to learn whether KVM works).
#
# Environment: KERNEL (patched) and CONFIG (test), see scripts/lib.sh; the
# guest learns both from pmn.kernel= and pmn.config=. TIMEOUT (seconds, per job
# default below), ACCEL (auto, tcg or kvm), ICOUNT=1 (TCG only: the guest
# clock counts instructions, one per nanosecond, so guest timings become
# instruction counts that emulation speed does not affect), CMDLINE (added
# to the kernel command line), and for the test job SUITES="a b" and
# CASES="x y" (only those suites, only those kselftest-harness cases; the
# guest reads them as pmn.suites=a,b and pmn.cases=x,y) and BEAR_SECONDS
# (how long the CRAM selftest's bear runs; pmn.bear_seconds=).
#
# Writes build/vm/JOB/{console.log,report.log,guest-status} (and for the
# test job report.timed, see below); shows the report
# as it comes (not the test job's: its summary follows); then
# scripts/verdict.sh judges the run and its status is vm.sh's: the job's
# exit status (for 'vm', the program's), 124 if the guest hung, 125 if it
# stopped early, 3 if the kernel log holds a WARNING, BUG, KASAN or lockdep
# report; the test job's is 0 or 1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

job=${1:?JOB}
file=${2:-}
[ -f "$TOP/guest/jobs/$job.sh" ] || die "no job '$job' (guest/jobs/$job.sh)"
kernel=$KERNEL
config=$CONFIG
accel=${ACCEL:-auto}
case "$job" in
test) timeout=${TIMEOUT:-3600} ;;
bench) timeout=${TIMEOUT:-2400} ;;
probe) timeout=${TIMEOUT:-20} ;;
*) timeout=${TIMEOUT:-1200} ;;
esac

obj=$(objdir_for "$kernel" "$config")
kimage=$obj/arch/x86/boot/bzImage
initrd=$obj/initramfs.cpio
[ -f "$kimage" ] && [ -f "$initrd" ] || die "no kernel or initramfs in ${obj#"$TOP"/}; run make first"

out=$BUILD/vm/$job
rm -rf "$out"
mkdir -p "$out"

# 'make vm RUN=...': a second cpio with the file, concatenated to the first.
if [ "$job" = vm ]; then
	[ -f "$file" ] || die "RUN=$file: no such file"
	mkdir -p "$out/extra/run/user"
	cp "$file" "$out/extra/run/user/$(basename "$file")"
	chmod 755 "$out/extra/run/user/$(basename "$file")"
	(cd "$out/extra" && find . -mindepth 1 | cpio -o -H newc --quiet -R 0:0) > "$out/extra.cpio"
	cat "$initrd" "$out/extra.cpio" > "$out/initramfs.cpio"
	initrd=$out/initramfs.cpio
fi

# Disks: swap and a scratch file system, recreated for every boot.
truncate -s 0 "$out/swap.img" "$out/scratch.img"
truncate -s 1G "$out/swap.img"
truncate -s 256M "$out/scratch.img"

# The machine of scripts/layout.sh: a QEMU node per entry; the RAM of every
# node but node 0 kept from the boot kernel ("Reserved", memmap=$), the cram
# and kmem ranges "Soft Reserved" (e820 type 0xefffffff, which wins over
# reserved), as firmware describes CXL and HBM memory, so that dax_hmem
# makes each a device-dax instance; the boot range stays RAM for
# private_node= on the patched kernel. The bench boots without it (the
# range reserved, as on vanilla), so that its first pass measures a kernel
# with no private node at all. The guest learns the ranges from
# pmn.ranges= and pmn.probe=.
. "$TOP/scripts/layout.sh"
boot_node=
for r in $LAYOUT_RANGES; do
	IFS=: read -r nid role _ _ <<< "$r"
	[ "$role" = boot ] && [ "$kernel" = patched ] && [ "$job" != bench ] && boot_node=$nid
done
nodes=() total=0 memmap=
for n in $LAYOUT_NODES; do
	IFS=: read -r nid mib cpus <<< "$n"
	nodes+=(-object memory-backend-ram,id=m$nid,size=${mib}M
		-numa node,nodeid=$nid${cpus:+,cpus=$cpus},memdev=m$nid)
	if [ "$nid" != 0 ] && [ "$nid" != "$boot_node" ]; then
		memmap+="memmap=${mib}M\$$(printf '%#x' $((total << 20))) "
	fi
	total=$((total + mib))
done
[ $((total << 20)) -le $((0xb0000000)) ] || die "layout: $total MiB crosses q35's 0xb0000000 split"
for r in $LAYOUT_RANGES; do
	IFS=: read -r _ role start size <<< "$r"
	case "$role" in
	cram|kmem) memmap+="memmap=$((size >> 20))M%$start+0xefffffff " ;;
	esac
done
qemu=(qemu-system-x86_64 -machine q35 -smp 2 -m ${total}M "${nodes[@]}"
	-drive file="$out/swap.img",format=raw,if=virtio
	-drive file="$out/scratch.img",format=raw,if=virtio
	-kernel "$kimage" -initrd "$initrd"
	-display none -no-reboot -monitor none
	-serial file:"$out/console.log" -serial stdio)
ranges=$(echo $LAYOUT_RANGES | tr ' ' ,)
append="console=ttyS0 $memmap${boot_node:+private_node=$boot_node }pmn.ranges=$ranges pmn.probe=$LAYOUT_PROBE pmn.job=$job pmn.kernel=$kernel pmn.config=$config panic=-1 oops=panic loglevel=6 ${CMDLINE:-}"
if [ "$job" = test ]; then
	# shellcheck disable=SC2086 # unquoted: any run of spaces separates names
	[ -n "${SUITES:-}" ] && append+=" pmn.suites=$(echo $SUITES | tr ' ' ,)"
	# shellcheck disable=SC2086
	[ -n "${CASES:-}" ] && append+=" pmn.cases=$(echo $CASES | tr ' ' ,)"
	[ -n "${BEAR_SECONDS:-}" ] && append+=" pmn.bear_seconds=$BEAR_SECONDS"
fi

kvm_works() {
	local cache=$BUILD/kvm-probe
	if [ ! -f "$cache" ]; then
		if [ -w /dev/kvm ] && ACCEL=kvm TIMEOUT=30 "$0" probe >/dev/null 2>&1; then
			echo yes > "$cache"
		else
			echo no > "$cache"
		fi
	fi
	[ "$(cat "$cache")" = yes ]
}
case "$accel" in
kvm) ;;
tcg) ;;
auto) if kvm_works; then accel=kvm; else accel=tcg; fi ;;
*) die "ACCEL must be auto, tcg or kvm" ;;
esac
# Under TCG a plain CPU model: "max" adds 5-level paging and other features
# that only slow emulation down. And one host thread for both vCPUs:
# QEMU 7.2's multi-threaded TCG lets a vCPU run a stale translation of
# kernel text another vCPU just patched (a static key flipping runs into a
# leftover int3: "Oops: int3" in cpusets_enabled() within seconds of
# creating and removing cpuset cgroups in a loop, never in 4000 rounds
# single-threaded). The guest must see real x86 cross-modifying code.
if [ "$accel" = kvm ]; then qemu+=(-accel kvm -cpu host); else qemu+=(-accel tcg,thread=single -cpu qemu64); fi
if [ "${ICOUNT:-0}" = 1 ]; then
	[ "$accel" = tcg ] || die "ICOUNT=1 needs TCG (ACCEL=tcg)"
	qemu+=(-icount shift=0)
fi

[ "$job" = probe ] || note "booting $kernel kernel ($config config, $accel) for job '$job'"
# The report (second serial port) arrives on QEMU's stdout: keep it in
# report.raw and show it as it comes, without the protocol's exit line.
# The test job's report is raw TAP: verdict.sh summarizes it instead, and
# report.timed holds it with the host's seconds since boot before each
# line, from which scripts/test-times.sh tells how long each case took.
if [ "$job" = test ]; then
	"${qemu[@]}" -append "$append" < /dev/null > >(perl -MTime::HiRes=time \
		-ne 'BEGIN { $| = 1; $t0 = time } printf "%.1f|%s", time - $t0, $_' \
		> "$out/report.timed") 2>&1 &
elif [ "$job" = probe ]; then
	"${qemu[@]}" -append "$append" < /dev/null > "$out/report.raw" 2>&1 &
else
	"${qemu[@]}" -append "$append" < /dev/null > >(tee "$out/report.raw" |
		sed -u 's/\r//g' | grep --line-buffered -v '^PMN-EXIT ') 2>&1 &
fi
qpid=$!

timed_out=0
waited=0
while kill -0 $qpid 2>/dev/null; do
	if [ $waited -ge "$timeout" ]; then
		timed_out=1
		kill $qpid 2>/dev/null || true
		sleep 1
		kill -9 $qpid 2>/dev/null || true
		break
	fi
	sleep 1
	waited=$((waited + 1))
done
wait $qpid 2>/dev/null || true
sleep 0.2
[ "$job" = test ] && sed 's/^[0-9.]*|//' "$out/report.timed" > "$out/report.raw"
tr -d '\r' < "$out/report.raw" > "$out/report.log"
tr -d '\r' < "$out/console.log" > "$out/console.txt" && mv "$out/console.txt" "$out/console.log"
rm -f "$out/report.raw" "$out/swap.img" "$out/scratch.img"

# What happened to the guest, for verdict.sh, which decides.
if [ $timed_out = 1 ]; then
	echo "hung $timeout"
elif grep -q '^PMN-EXIT ' "$out/report.log"; then
	echo "exit $(sed -n 's/^PMN-EXIT //p' "$out/report.log" | tail -n 1)"
else
	echo stopped
fi > "$out/guest-status"
exec "$TOP/scripts/verdict.sh" "$job"
