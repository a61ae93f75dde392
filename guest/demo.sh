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
	for s in possible online has_memory has_normal_memory has_cpu; do
		if echo "$(cat /sys/devices/system/node/$s)" | tr ',' '\n' |
			while IFS=- read -r a b; do
				[ "$n" -ge "$a" ] && [ "$n" -le "${b:-$a}" ] && echo yes
			done | grep -q yes; then
			states="$states $s"
		fi
	done
	printf '%-6s %-8s %-12s %s\n' "$n" "${cpus:--}" "$mem" "$states"
done
echo
echo "node1 and node2 hold no memory yet: their ranges are kept free for the"
echo "compressed-memory device (node1) and the sample driver (node2)."
echo "Coming next: N_MEMORY_PRIVATE isolation, node services, and CRAM."
