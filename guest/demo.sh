#!/bin/sh
# Job "demo" ('make run'): show the machine and what the project will add.
echo "=== Private memory nodes: test machine ==="
echo
printf '%-6s %-8s %-12s %s\n' node cpus memory states
possible=$(cat /sys/devices/system/node/possible)
for n in $(seq 0 "${possible##*-}"); do
	d=/sys/devices/system/node/node$n
	if [ -d "$d" ]; then
		mem=$(awk '/MemTotal/ { printf "%d MiB", $4 / 1024 }' "$d/meminfo")
		cpus=$(cat "$d/cpulist")
	else
		mem="0 MiB" cpus=""
	fi
	states=""
	for s in possible online has_memory has_normal_memory has_private_memory has_cpu; do
		[ -f /sys/devices/system/node/$s ] || continue
	if echo "$(cat /sys/devices/system/node/$s)" | tr ',' '\n' |
			while IFS=- read -r a b; do
				[ "$n" -ge "$a" ] && [ "$n" -le "${b:-$a}" ] && echo yes
			done | grep -q yes; then
			states="$states $s"
		fi
	done
	owner=$(cat "$d/private/owner" 2>/dev/null)
	[ -n "$owner" ] && states="$states (owner: $owner)"
	printf '%-6s %-8s %-12s %s\n' "$n" "${cpus:--}" "$mem" "$states"
done
echo
p=$(cat /sys/devices/system/node/has_private_memory 2>/dev/null)
if [ -n "$p" ]; then
	echo "Private nodes: $p. Their memory is managed by the buddy allocator but"
	echo "only their owner may allocate from it (__GFP_PRIVATE)."
	echo
	echo "=== Isolation: write 64 MiB to tmpfs, then look at node$p ==="
	free0=$(awk '/MemFree/ { print $4 }' /sys/devices/system/node/node$p/meminfo)
	dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>/dev/null
	free1=$(awk '/MemFree/ { print $4 }' /sys/devices/system/node/node$p/meminfo)
	rm -f /tmp/fill
	echo "node$p MemFree before: ${free0} kB, after: ${free1} kB (unchanged: nothing landed)"
	d=/sys/kernel/debug/test_private_node
	if [ -d $d ]; then
		echo 1000 > $d/alloc
		echo "the owner allocated 1000 pages with GFP_PRIVATE: $(cat $d/held)"
		echo 1000 > $d/free
	fi
else
	echo "node1 and node2 hold no memory: this kernel has no private nodes."
fi
echo
echo "Coming next: node services (mbind, migration, demotion) and CRAM on node1."
