#!/bin/sh
# Harness self-test: the machine matches the documented topology and its
# devices work. Every check compares an exact expected value.
. /pmn/tap.sh
. /pmn/machine.sh

node_mem_kb() { awk '/MemTotal/ { print $4 }' /sys/devices/system/node/node$1/meminfo; }
in_list() { # in_list N "0-1,3": is node N in a kernel node list?
	echo "$2" | tr ',' '\n' | while IFS=- read -r a b; do
		[ -z "$a" ] && continue
		[ "$1" -ge "$a" ] && [ "$1" -le "${b:-$a}" ] && echo yes
	done | grep -q yes
}

tap_plan 8

# Every node of scripts/layout.sh: the highest one named by pmn.ranges.
last=0
for r in $(machine_arg ranges | tr ',' ' '); do
	[ "${r%%:*}" -gt $last ] && last=${r%%:*}
done
possible=$(cat /sys/devices/system/node/possible)
echo "# possible nodes: $possible"
tap_check all_layout_nodes_exist test "$possible" = "0-$last"

cpus=$(cat /sys/devices/system/node/node0/cpulist)
echo "# node0 cpulist: $cpus"
tap_check node0_has_both_cpus test "$cpus" = "0-1"

ok=1
for n in $(seq 1 $last); do
	[ -n "$(cat /sys/devices/system/node/node$n/cpulist 2>/dev/null)" ] && ok=0
done
tap_check other_nodes_are_cpuless test $ok = 1

has_memory=$(cat /sys/devices/system/node/has_memory)
echo "# has_memory: $has_memory"
tap_check only_node0_has_memory_at_boot test "$has_memory" = "0"

# The ranges of scripts/layout.sh must be free in /proc/iomem ("Reserved"
# from the boot kernel's point of view), so a driver can claim them,
# claimed by one of our drivers or the boot parameter ("System RAM (...)"),
# or device-dax instances of soft-reserved ranges. A vanilla kernel leaves
# the boot range reserved.
ranges_unclaimed() {
	free=0
	for r in $(machine_arg ranges | tr ',' ' '); do
		IFS=: read -r _ _ start size <<EOF2
$r
EOF2
		s=$((start)) e=$((start + size))
		while read -r range _ what; do
			a=$((0x${range%-*})) b=$((0x${range#*-} + 1))
			[ $a -lt $e ] && [ $b -gt $s ] || continue
			case "$what" in
			"System RAM ("*")") echo "# driver-managed: $range $what" ;;
			"Soft Reserved"|dax[0-9]*) echo "# device-dax: $range $what" ;;
			Reserved) echo "# kept from boot: $range $what" ;;
			*) echo "# claimed: $range $what"; free=1 ;;
			esac
		done < /proc/iomem
	done
	return $free
}
tap_check node_ranges_free_or_driver_managed ranges_unclaimed

swap_kb=$(awk '/^SwapTotal/ { print $2 }' /proc/meminfo)
echo "# SwapTotal: ${swap_kb} kB"
tap_check swap_device_enabled test "$swap_kb" -gt 0

# Swap really works: 24 MiB of tmpfs data in an 8 MiB memory cgroup must
# push pages out to the swap device, and read back intact.
swap_works() {
	echo +memory > /sys/fs/cgroup/cgroup.subtree_control
	mkdir -p /sys/fs/cgroup/harness
	echo 8M > /sys/fs/cgroup/harness/memory.max
	mkdir -p /tmp/swaptest
	mount -t tmpfs -o size=32M tmpfs /tmp/swaptest
	used0=$(awk '/^SwapFree/ { print $2 }' /proc/meminfo)
	sh -c 'echo $$ > /sys/fs/cgroup/harness/cgroup.procs
	       dd if=/dev/urandom of=/tmp/swaptest/data bs=1M count=24 2>/dev/null
	       sha256sum /tmp/swaptest/data > /tmp/swaptest.sum'
	used1=$(awk '/^SwapFree/ { print $2 }' /proc/meminfo)
	sha256sum -c -s /tmp/swaptest.sum
	intact=$?
	umount /tmp/swaptest
	rmdir /sys/fs/cgroup/harness
	echo "# SwapFree went from $used0 to $used1 kB"
	[ "$intact" = 0 ] && [ $((used0 - used1)) -ge 8192 ]
}
tap_check swap_takes_pages_under_memcg_pressure swap_works

# The selftests' page cache and O_DIRECT cases skip without a disk file
# system at $PN_SCRATCH_DIR; on this machine it must be there, so that a
# broken scratch disk fails here instead of passing as skips.
scratch=$(awk -v d="$PN_SCRATCH_DIR" '$2 == d { print $3 }' /proc/mounts)
echo "# $PN_SCRATCH_DIR: ${scratch:-not mounted}"
tap_check scratch_file_system_for_selftests test "$scratch" = ext2

tap_done
