# Bring the test machine to its documented state. Sourced by /init and
# available to every job: after machine_setup the private nodes are up, the
# swap device is on and the scratch file system is mounted. The bench job
# starts with machine_setup_disks only and takes the nodes itself.
#
# The ranges come from the kernel command line, which scripts/vm.sh builds
# from scripts/layout.sh (see docs/machine.md):
#   pmn.ranges=NID:ROLE:START:SIZE,...   sets PMN_<ROLE>_NODE, _START, _SIZE
#   pmn.probe=ADDR                       a free block for memory/probe
#   pmn.kernel=patched|vanilla           the kernel that booted: PMN_KERNEL
#   pmn.config=test|bench                its config: PMN_CONFIG
# Roles: cram (a soft-reserved range, so a device-dax instance, bound by the
# emulated compressed memory device cram_emu and run by CRAM), kmem (a
# device-dax instance that daxctl hands to kmem as a private node with the
# services below, as an administrator brings up a CXL or HMEM range), boot
# (boot RAM that the kernel's private_node= made private, owner "boot", no
# services; nothing to do here), test (a range outside boot RAM that the
# test driver claims; no services until a test asks for them). Vanilla
# kernels leave all of them alone.

machine_arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^pmn\.$1=//p"; }

for r in $(machine_arg ranges | tr ',' ' '); do
	IFS=: read -r nid role start size <<EOF2
$r
EOF2
	role=$(echo "$role" | tr a-z A-Z)
	eval "PMN_${role}_NODE=$nid PMN_${role}_START=$start PMN_${role}_SIZE=$size"
done
unset r nid role start size
# The isolation selftest hot-adds this block (it skips without it).
PN_PROBE_ADDR=$(machine_arg probe)
export PN_PROBE_ADDR

PMN_KERNEL=$(machine_arg kernel)
PMN_CONFIG=$(machine_arg config)

PMN_KMEM_SERVICES="migration mempolicy"
PMN_SWAP_DEV=/dev/vda
PMN_SCRATCH_DEV=/dev/vdb
PMN_SCRATCH=/mnt/scratch
# The selftests' page cache and O_DIRECT cases write there.
export PN_SCRATCH_DIR=$PMN_SCRATCH

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
# cram_emu first: loading kmem binds every device-dax instance nobody holds.
machine_take_nodes() {
	[ -n "${PMN_CRAM_NODE:-}" ] &&
		machine_take_node cram_emu dax="$(machine_dax_of_node $PMN_CRAM_NODE)"
	[ -n "${PMN_KMEM_NODE:-}" ] &&
		machine_take_dax_node $PMN_KMEM_NODE "$PMN_KMEM_SERVICES"
	[ -n "${PMN_TEST_NODE:-}" ] &&
		machine_take_node test_private_node nid=$PMN_TEST_NODE start=$PMN_TEST_START size=$PMN_TEST_SIZE
	return 0
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
