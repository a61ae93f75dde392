# Bring the test machine to its documented state. Sourced by /init and
# available to every job: after machine_setup the swap device is on and the
# scratch file system is mounted.
#
# Physical layout (see README "The test machine"):
#   node0  0x000000000-0x03fffffff  1 GiB, both CPUs, the only boot RAM
#   node1  0x040000000-0x07fffffff  1 GiB, no CPUs, left free for a driver
#   node2  0x080000000-0x08fffffff  256 MiB, no CPUs, left free for a driver
# The rest of node2's range holds firmware tables and is never claimed.

PMN_NODE1_START=0x40000000
PMN_NODE1_SIZE=0x40000000
PMN_NODE2_START=0x80000000
PMN_NODE2_SIZE=0x10000000
PMN_SWAP_DEV=/dev/vda
PMN_SCRATCH_DEV=/dev/vdb
PMN_SCRATCH=/mnt/scratch

# node2 comes up private, owned by the test driver (patched kernels only).
PMN_NODE2_DRIVER=test_private_node

machine_setup() {
	if modinfo $PMN_NODE2_DRIVER >/dev/null 2>&1; then
		modprobe $PMN_NODE2_DRIVER ||
			echo "machine: $PMN_NODE2_DRIVER failed to take node2"
	fi
	mkswap $PMN_SWAP_DEV >/dev/null && swapon $PMN_SWAP_DEV ||
		echo "machine: swap on $PMN_SWAP_DEV failed"
	mkdir -p $PMN_SCRATCH
	mke2fs -q $PMN_SCRATCH_DEV >/dev/null 2>&1 && mount -t ext2 $PMN_SCRATCH_DEV $PMN_SCRATCH ||
		echo "machine: scratch file system on $PMN_SCRATCH_DEV failed"
}
