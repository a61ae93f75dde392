# Bring the test machine to its documented state. Sourced by /init and
# available to every job: after machine_setup the private nodes are up, the
# swap device is on and the scratch file system is mounted. The bench job
# starts with machine_setup_disks only and takes the nodes itself.
#
# Physical layout (see README "The test machine"):
#   node0  0x000000000-0x03fffffff  1 GiB, both CPUs, the only boot RAM
#   node1  0x040000000-0x077ffffff  896 MiB, no CPUs, the emulated compressed
#          memory device (cram_emu), run by CRAM; the last block of node1,
#          0x78000000-0x7fffffff, is hot-added by the isolation selftest
#   node2  0x080000000-0x08fffffff  256 MiB, no CPUs, "Soft Reserved" in the
#          e820 map (memmap=), so dax_hmem makes it a device-dax instance;
#          daxctl hands it to kmem as a private node with migration and
#          mempolicy, the way an administrator brings up a CXL or HMEM range
#   node3  0x098000000-0x09fffffff  128 MiB, no CPUs, the test driver
# The rest of node2's range is unused; the rest of node3's holds firmware
# tables and is never claimed.

PMN_NODE1_START=0x40000000
PMN_NODE1_SIZE=0x38000000
PMN_NODE2_START=0x80000000
PMN_NODE2_SIZE=0x10000000
PMN_NODE3_START=0x98000000
PMN_NODE3_SIZE=0x8000000
PMN_SWAP_DEV=/dev/vda
PMN_SCRATCH_DEV=/dev/vdb
PMN_SCRATCH=/mnt/scratch

# Patched kernels only: node1 comes up private, owned by the emulated
# compressed memory device and run by CRAM; node2 by kmem, through daxctl,
# with the services below; node3 by the test driver (no services until a
# test asks for them).
PMN_NODE1_DRIVER=cram_emu
PMN_NODE2_SERVICES="migration mempolicy"
PMN_NODE3_DRIVER=test_private_node

# machine_has_module NAME: the kernel that booted built module NAME.
machine_has_module() {
	grep -q "/$1\.ko" /lib/modules/"$(uname -r)"/modules.dep 2>/dev/null
}

machine_take_node() {
	if machine_has_module "$1"; then
		modprobe "$@" || echo "machine: $1 failed to take its node"
	fi
}

# machine_dax_of_node NID: the name of the device-dax instance on node NID.
machine_dax_of_node() {
	for d in /sys/bus/dax/devices/dax*; do
		if [ "$(cat "$d/target_node" 2>/dev/null)" = "$1" ]; then
			basename "$d"
			return 0
		fi
	done
	return 1
}

# machine_take_dax_node NID SERVICES: online node NID's device-dax instance
# as a private node of kmem with SERVICES, as an administrator does.
machine_take_dax_node() {
	local dev
	dev=$(machine_dax_of_node "$1") || { echo "machine: no device-dax instance on node $1"; return; }
	[ -e /sys/bus/dax/devices/"$dev"/private_node ] || return 0
	echo 1 > /sys/bus/dax/devices/"$dev"/private_node &&
	echo "$2" > /sys/bus/dax/devices/"$dev"/private_services &&
	{ daxctl reconfigure-device --mode=system-ram "$dev" 2>&1 >/dev/null ||
		echo "machine: $dev did not come up as private node $1"; } |
		grep -v '^reconfigured 1 device'
	return 0
}

# The private nodes; nothing on a vanilla kernel, which lacks the drivers.
machine_take_nodes() {
	machine_take_node $PMN_NODE1_DRIVER nid=1 start=$PMN_NODE1_START size=$PMN_NODE1_SIZE
	machine_take_dax_node 2 "$PMN_NODE2_SERVICES"
	machine_take_node $PMN_NODE3_DRIVER nid=3 start=$PMN_NODE3_START size=$PMN_NODE3_SIZE
}

# Swap and the scratch file system.
machine_setup_disks() {
	mkswap $PMN_SWAP_DEV >/dev/null && swapon $PMN_SWAP_DEV ||
		echo "machine: swap on $PMN_SWAP_DEV failed"
	mkdir -p $PMN_SCRATCH
	mke2fs -q $PMN_SCRATCH_DEV >/dev/null 2>&1 && mount -t ext2 $PMN_SCRATCH_DEV $PMN_SCRATCH ||
		echo "machine: scratch file system on $PMN_SCRATCH_DEV failed"
}

machine_setup() {
	machine_take_nodes
	machine_setup_disks
}
