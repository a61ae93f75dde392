#!/bin/sh
# Job "run" ('make run'), the demo: the machine's nodes and their owners,
# isolation (page cache and every way a program asks for a private node's
# memory stay off it), the owner's GFP_PRIVATE allocations, a device-dax
# instance brought up as a private node with daxctl, and CRAM at work.
. /pmn/machine.sh
echo "=== Private memory nodes: the test machine ==="
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
	services=$(cat "$d/private/services" 2>/dev/null)
	[ -n "$owner" ] && states="$states (owner: $owner; services: ${services:-none})"
	printf '%-6s %-8s %-12s %s\n' "$n" "${cpus:--}" "$mem" "$states"
done
echo
# Private nodes, one per line ("2-3" -> "2 3").
private=$(cat /sys/devices/system/node/has_private_memory 2>/dev/null |
	tr ',' '\n' | while IFS=- read -r a b; do [ -n "$a" ] && seq "$a" "${b:-$a}"; done)
node_free() { awk '/MemFree/ { print $4 }' /sys/devices/system/node/node$1/meminfo; }
if [ -n "$private" ]; then
	echo "Private nodes: $(echo $private). Their memory is managed by the buddy"
	echo "allocator but only their owner may allocate from it (__GFP_PRIVATE)."
	echo
	echo "=== Isolation: ordinary allocations never land on a private node ==="
	echo "64 MiB written to tmpfs (page cache):"
	for n in $private; do eval before$n=$(node_free $n); done
	dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>/dev/null
	for n in $private; do
		eval b=\$before$n
		echo "  node$n MemFree before: $b kB, after: $(node_free $n) kB"
	done
	rm -f /tmp/fill
	for n in $private; do
		caps=$(cat /sys/devices/system/node/node$n/private/services)
		case " $caps " in *" mempolicy "*) continue ;; esac
		echo
		echo "A program tries every way to put its pages on node$n ($(cat /sys/devices/system/node/node$n/private/owner)):"
		/pmn/bin/reach try $n
	done
	d=/sys/kernel/debug/test_private_node
	if [ -d $d ]; then
		echo
		echo "Only the owner allocates there: the test driver takes 1000 pages"
		echo "with GFP_PRIVATE: $(echo 1000 > $d/alloc; cat $d/held)"
		echo 1000 > $d/free
	fi
	for n in $private; do
		caps=$(cat /sys/devices/system/node/node$n/private/services)
		case " $caps " in *" mempolicy "*) ;; *) continue ;; esac
		dev=$(machine_dax_of_node $n) || continue
		a=/sys/bus/dax/devices/$dev
		echo
		echo "=== A device-dax instance as a private node: $dev on node$n ==="
		echo "Firmware describes the range as soft-reserved (as CXL and HBM memory);"
		echo "dax_hmem made it $dev. The administrator brought it up with:"
		echo "  echo 1 > $a/private_node"
		echo "  echo '$(cat $a/private_services)' > $a/private_services"
		echo "  daxctl reconfigure-device --mode=system-ram $dev"
		echo "Back to devdax and up again, as daxctl reports it:"
		echo "  \$ daxctl reconfigure-device --mode=devdax --force $dev"
		daxctl reconfigure-device --mode=devdax --force $dev 2>&1 | grep -v '^\s*[][{}]' | sed 's/^/  /'
		echo "  node$n now: $(cat /sys/devices/system/node/node$n/private/owner 2>/dev/null || echo 'no memory, no owner')"
		echo "  \$ daxctl reconfigure-device --mode=system-ram $dev"
		daxctl reconfigure-device --mode=system-ram $dev 2>&1 | grep -v '^\s*[][{}]' | sed 's/^/  /'
		echo "  node$n: owner $(cat /sys/devices/system/node/node$n/private/owner), services: $(cat /sys/devices/system/node/node$n/private/services)"
		echo "mbind() naming node$n (what numactl --membind=$n does) works: the node grants mempolicy:"
		/pmn/bin/reach mbind $n
	done
else
	echo "nodes 1-3 hold no memory: this kernel has no private nodes."
fi

cram=$(for n in $private; do
	[ "$(cat /sys/devices/system/node/node$n/private/owner)" = cram_emu ] && echo $n
done)
if [ -n "$cram" ]; then
	echo
	echo "=== CRAM on node$cram: the emulated compressed memory device ==="
	grep -E 'capacity|budget|ratio|lost|unexpected' /sys/kernel/debug/cram_emu/stats | sed 's/^/  /'
	echo 1 > /sys/kernel/mm/numa/demotion_enabled
	echo "+memory" > /sys/fs/cgroup/cgroup.subtree_control
	mkdir -p /sys/fs/cgroup/cram_demo
	sh -c "echo \$\$ > /sys/fs/cgroup/cram_demo/cgroup.procs && exec /pmn/bin/cram_demo tier $cram 64"
	/pmn/bin/cram_demo bear "${PMN_BEAR_SECONDS:-60}"
	echo 1 > /sys/kernel/debug/cram_emu/verify
	echo "  after a forced verify pass:"
	grep -E 'lost_writes|unexpected_writes|high_events|low_events' /sys/kernel/debug/cram_emu/stats | sed 's/^/    /'
	grep cram_ /proc/vmstat | sed 's/^/  /'
	rmdir /sys/fs/cgroup/cram_demo 2>/dev/null
	echo 0 > /sys/kernel/mm/numa/demotion_enabled
else
	echo "no CRAM node: this kernel has no compressed memory tier."
fi
