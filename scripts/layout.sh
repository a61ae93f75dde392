# The test machine's memory, declared once. Source it; do not run it.
# shellcheck shell=bash
#
# scripts/vm.sh builds QEMU's NUMA nodes and the kernel command line from
# it: the e820 map (memmap=), private_node= and pmn.ranges=/pmn.probe=,
# from which guest/machine.sh learns the ranges. Nothing else names an
# address.
#
# QEMU q35 with all RAM below its 0xb0000000 split, so every node sits below
# 4 GiB, in order: node0 from 0, each next node right after the previous;
# the firmware's tables take the top of the last node.

# NID:MIB:CPUS, in address order. Node 0 holds the CPUs and the boot RAM;
# the others are CPU-less, and their RAM is kept from the boot kernel
# ("Reserved" or "Soft Reserved" in the e820 map) except the boot range's.
LAYOUT_NODES="0:1024:0-1 1:1024: 2:256: 3:128: 4:256:"

# NID:ROLE:START:SIZE, the ranges the guest gives to owners.
#   cram  soft-reserved (a device-dax instance), bound by cram_emu, run by CRAM
#   kmem  soft-reserved (a device-dax instance), private to kmem via daxctl
#   boot  boot RAM that private_node= makes private (patched kernels; the
#         vanilla kernel gets it reserved, so both boot the same RAM)
#   test  reserved, claimed by the test driver
# The rest of node1 is the probe block below; the rest of node4 holds the
# firmware's tables and is never claimed.
LAYOUT_RANGES="1:cram:0x40000000:0x38000000 2:kmem:0x80000000:0x10000000 3:boot:0x90000000:0x8000000 4:test:0x98000000:0x8000000"

# A free memory block, outside boot RAM, which the isolation selftest
# hot-adds as ordinary memory through /sys/devices/system/memory/probe.
LAYOUT_PROBE=0x78000000
