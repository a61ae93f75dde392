#!/bin/sh
# Job "bench" ('make bench'): every benchmark once on the kernel that booted.
# Prints "BENCH ..." result lines (see guest/programs/pmn_bench.c) and "#"
# progress lines; scripts/bench-report.py turns several boots into ratios.
#
# The machine starts without its private nodes (init ran only
# machine_setup_disks, and scripts/vm.sh gives the bench no private_node=),
# so the allocator and fault benchmarks run twice: pass "bare" before the
# nodes are taken and pass "nodes" after. A vanilla
# kernel has no nodes to take; its two passes are the control for position.
# With pmn.bench=cost on the command line the job stops after them.
. /pmn/machine.sh

B=/pmn/bin/pmn_bench
KV=/pmn/bin/pmn_kv
BEAR_SECONDS=$(sed -n 's/.*pmn\.bear_seconds=\([0-9]*\).*/\1/p' /proc/cmdline)
BEAR_SECONDS=${BEAR_SECONDS:-30}
TIER_MIB=512		# the tier workload ...
TIER_DRAM_MIB=256	# ... and node 0's free memory while it runs
TIER_PASSES=2
KV_KEYS=360000		# redis-server: about 380 MiB of data ...
KV_DRAM_MIB=192		# ... with node 0 cut to about half of that free
KV_OPS=40000		# timed requests per run, after 10000 to warm up
KV_SOCKET=/tmp/redis.sock
ROUND=$(sed -n 's/.*pmn\.round=\([0-9]*\).*/\1/p' /proc/cmdline)
ROUND=${ROUND:-1}
HUGEPAGES=/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages
kernel=$PMN_KERNEL	# /init printed it with the release: "# patched kernel ..."

echo 0 > /proc/sys/kernel/numa_balancing
echo 0 > /proc/sys/vm/page-cluster	# one page per swap-in: no readahead
echo "+memory" > /sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/bench
insmod /pmn/modules/alloc_bench.ko

# A benchmark that fails its own checks (data changed, pages not demoted)
# fails the job, after the others have run.
rc=0
failed() { echo "# FAILED: $*"; rc=1; }

# in_cgroup CMD...: run CMD in the bench memory cgroup.
in_cgroup() { sh -c 'echo $$ > /sys/fs/cgroup/bench/cgroup.procs && exec "$@"' sh "$@"; }

# allocator_and_faults PASS: 7 runs of each allocator case, 7 of the faults.
allocator_and_faults() {
	echo "# allocator and fault path, pass $1"
	: > /tmp/alloc_bench.out
	for i in 1 2 3 4 5 6 7; do
		cat /sys/kernel/debug/alloc_bench/run >> /tmp/alloc_bench.out || failed "alloc_bench $1"
	done
	awk -v pass="$1" '
		{ v[$1] = v[$1] " " $2 }
		END { for (k in v) print "BENCH alloc." pass "." k v[k] }' /tmp/alloc_bench.out
	$B faults "$1" 64 7 || failed "faults $1"
}

zswap() {
	p=/sys/module/zswap/parameters
	if [ "$1" = on ]; then
		echo lz4 > $p/compressor
		echo zsmalloc > $p/zpool
		echo Y > $p/enabled
	else
		echo N > $p/enabled
	fi
}

# node0_dram MIB: leave about MIB free on node 0 by reserving huge pages.
node0_dram() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	echo 0 > $HUGEPAGES
	free_mib=$(awk '/MemFree/ { print int($4 / 1024) }' /sys/devices/system/node/node0/meminfo)
	echo $(( (free_mib - $1) / 2 )) > $HUGEPAGES
	echo "# node0: $(awk '/MemFree/ { print int($4 / 1024) }' /sys/devices/system/node/node0/meminfo) MiB free, $(cat $HUGEPAGES) huge pages reserved"
}

# tier LABEL [thp]: the tier workload, in small pages or in THPs.
tier() {
	label=$1${2:+-$2}
	echo "# tier: $label, $TIER_MIB MiB of 2:1 data, node0 cut to $TIER_DRAM_MIB MiB free"
	node0_dram $TIER_DRAM_MIB
	$B tier "$label" $TIER_MIB $TIER_PASSES ${2:-} || failed "tier $label"
	echo 0 > $HUGEPAGES
}

# mib_on_node PID NODE: MiB of the process's memory on NODE (numa_maps).
mib_on_node() {
	awk -v n="N$2=" '{
		kb = 4; for (i = 1; i <= NF; i++) if ($i ~ /^kernelpagesize_kB=/) { split($i, a, "="); kb = a[2] }
		for (i = 1; i <= NF; i++) if (index($i, n) == 1) { split($i, a, "="); t += a[2] * kb }
	} END { printf "%.1f", t / 1024 }' /proc/$1/numa_maps
}

# kv TIER: redis-server with node 0 cut to KV_DRAM_MIB free, what spills
# going to swap only, to zswap or to CRAM; loaded, then a Zipf 95/5 run.
kv() {
	echo "# redis-server on $1: $KV_KEYS keys, node0 cut to $KV_DRAM_MIB MiB free"
	zswap off
	echo 0 > /sys/kernel/mm/numa/demotion_enabled
	# zswap's pool lives in node 0's DRAM: at the default max_pool_percent
	# (20% of RAM, all of the free DRAM here) it takes it all and the OOM
	# killer takes redis. Half the free DRAM, as an administrator would set.
	echo 10 > /sys/module/zswap/parameters/max_pool_percent
	case $1 in
	zswap) zswap on ;;
	cram) echo 1 > /sys/kernel/mm/numa/demotion_enabled ;;
	esac
	node0_dram $KV_DRAM_MIB
	rm -f $KV_SOCKET
	redis-server --port 0 --unixsocket $KV_SOCKET --save '' --appendonly no \
		--loglevel warning > /tmp/redis.log 2>&1 &
	pid=$!
	for i in $(seq 50); do [ -S $KV_SOCKET ] && break; sleep 0.2; done
	if $KV load "$1" $KV_SOCKET $KV_KEYS && sleep 3 &&
	   $KV run "$1" $KV_SOCKET $KV_KEYS $KV_OPS; then
		# Where the data set is at the end, and what holds it.
		node0=$(mib_on_node $pid 0)
		node1=$(mib_on_node $pid $PMN_CRAM_NODE)
		swap=$(awk '/^VmSwap/ { printf "%.1f", $2 / 1024 }' /proc/$pid/status)
		pool=$(awk '{ printf "%.1f", $1 / 1048576 }' /sys/kernel/debug/zswap/pool_total_size)
		media=$(awk '/^media_used_bytes/ { printf "%.1f", $2 / 1048576 }' \
			/sys/kernel/debug/cram_emu/stats 2>/dev/null)
		echo "BENCH kv.$1.node0_mib $node0"
		echo "BENCH kv.$1.cram_node_mib $node1"
		echo "BENCH kv.$1.swap_mib $swap"
		echo "BENCH kv.$1.zswap_pool_mib $pool"
		echo "BENCH kv.$1.media_mib ${media:-0}"
		echo "BENCH kv.$1.dram_saved_mib $(echo "$node1 $swap $pool" | awk '{ print $1 + $2 - $3 }')"
		# The comparison means nothing if the tier took none of redis.
		case $1 in
		cram) [ "$node1" != 0.0 ] || failed "kv cram: nothing of redis on the CRAM node" ;;
		*) [ "$swap" != 0.0 ] || failed "kv $1: nothing of redis swapped out" ;;
		esac
	else
		failed "kv $1"
		cat /tmp/redis.log
	fi
	kill $pid
	wait $pid
	echo 0 > $HUGEPAGES
	zswap off
	echo 20 > /sys/module/zswap/parameters/max_pool_percent
	echo 0 > /sys/kernel/mm/numa/demotion_enabled
}

# vanilla_node1_block: node 1's first 128 MiB block as ordinary movable
# memory, the target of the raw move_pages() baseline.
vanilla_node1_block() {
	insmod /pmn/modules/node_hotadd.ko nid=$PMN_CRAM_NODE start=$PMN_CRAM_START size=0x8000000
	block=$(( PMN_CRAM_START / 0x$(cat /sys/devices/system/memory/block_size_bytes) ))
	echo online_movable > /sys/devices/system/memory/memory$block/state
}

# Let the boot settle, and warm up both benchmarks (results discarded).
sleep 5
cat /sys/kernel/debug/alloc_bench/run > /dev/null
$B faults warmup 64 2 > /dev/null
private_nodes() { cat /sys/devices/system/node/has_private_memory 2>/dev/null; }
echo "# private nodes in pass bare: $(private_nodes)"
allocator_and_faults bare
machine_take_nodes
echo "# private nodes in pass nodes: $(private_nodes)"
allocator_and_faults nodes
# pmn.bench=cost: only the above, for the boots under QEMU -icount.
if grep -q 'pmn\.bench=cost' /proc/cmdline; then
	echo "# done"
	exit 0
fi

if [ "$kernel" = patched ]; then
	zswap off
	echo 1 > /sys/kernel/mm/numa/demotion_enabled
	echo "# demotion into CRAM (memory.reclaim of a cgroup)"
	in_cgroup $B demote cram bench 64 1 || failed "demote cram"
	echo "# promotion on write"
	in_cgroup $B latency cram bench 2048 || failed "latency cram"
	tier cram
	tier cram thp
	echo "# the bear: $BEAR_SECONDS s"
	$B bear cram "$BEAR_SECONDS" || failed "bear cram"
	echo 0 > /sys/kernel/mm/numa/demotion_enabled
	# The real application, the three tiers in turn; odd rounds in one
	# order, even rounds in the other, so that drift cancels out.
	if [ $((ROUND % 2)) = 1 ]; then order="swap zswap cram"; else order="cram zswap swap"; fi
	for t in $order; do kv $t; done
else
	zswap on
	echo "# zswap swap-in on write"
	in_cgroup $B latency zswap bench 2048 || failed "latency zswap"
	tier zswap
	tier zswap thp
	zswap off
	tier none
	tier none thp
	echo "# the bear: $BEAR_SECONDS s"
	$B bear swap "$BEAR_SECONDS" || failed "bear swap"
	# Last: the hot-added block would give later benchmarks more memory.
	echo "# move_pages() from node 0 to node 1"
	vanilla_node1_block
	$B move raw 64 1 || failed "move raw"
fi
echo "# done"
exit $rc
