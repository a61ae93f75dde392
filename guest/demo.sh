#!/bin/sh
# Job "demo" ('make run'): show the machine and what the project will add.
echo "=== Private memory nodes: test machine ==="
echo
printf '%-6s %-8s %-12s %s\n' node cpus memory states
for d in /sys/devices/system/node/node*; do
	n=${d##*node}
	mem=$(awk '/MemTotal/ { printf "%d MiB", $4 / 1024 }' "$d/meminfo")
	states=""
	for s in online possible has_normal_memory has_memory has_cpu; do
		list=$(cat /sys/devices/system/node/$s)
		echo "$list" | tr ',' '\n' | while IFS=- read -r a b; do
			[ "$n" -ge "$a" ] && [ "$n" -le "${b:-$a}" ] && echo yes
		done | grep -q yes && states="$states $s"
	done
	printf '%-6s %-8s %-12s %s\n' "$n" "$(cat "$d/cpulist")" "$mem" "$states"
done
echo
echo "node1 and node2 hold no memory yet: their ranges are kept free for the"
echo "compressed-memory device (node1) and the sample driver (node2)."
echo "Coming next: N_MEMORY_PRIVATE isolation, node services, and CRAM."
