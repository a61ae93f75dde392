#!/bin/sh
# make vm RUN=guest/stress/static-key-toggle.sh: flips a static key 4000
# times (creating and removing a cpuset cgroup turns cpusets_enabled_key on
# and off, patching every cpusets_enabled() site) while the other CPU forks
# and allocates. Ends with "survived 4000 toggles". It crashed QEMU 7.2's
# multi-threaded TCG within seconds; see the comment in scripts/vm.sh.
echo +cpuset > /sys/fs/cgroup/cgroup.subtree_control
( while :; do sh -c true; done ) &
bg=$!
i=0
start=$(date +%s)
while [ $i -lt 4000 ]; do
	mkdir /sys/fs/cgroup/jl_x || break
	rmdir /sys/fs/cgroup/jl_x || break
	i=$((i + 1))
	[ $((i % 500)) = 0 ] && echo "toggled $i times, $(( $(date +%s) - start )) s"
done
kill $bg
echo "survived $i toggles"
