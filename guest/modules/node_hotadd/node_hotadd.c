// SPDX-License-Identifier: GPL-2.0
/*
 * node_hotadd: add a physical range to a NUMA node as ordinary memory.
 *
 * For the vanilla kernel in 'make bench': the memory/probe interface puts a
 * range above mem= on node 0 (memory_add_physaddr_to_nid() only knows the
 * boot ranges), but the move_pages() baseline needs node 1's own memory.
 * The range is added offline; online it through
 * /sys/devices/system/memory/memoryN/state. Unloading offlines and removes
 * it again (best effort).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/memory_hotplug.h>
#include <linux/module.h>

static int nid = NUMA_NO_NODE;
module_param(nid, int, 0444);
MODULE_PARM_DESC(nid, "node to add the range to (required)");

static unsigned long long start;
module_param(start, ullong, 0444);
MODULE_PARM_DESC(start, "physical start, memory-block aligned (required)");

static unsigned long long size;
module_param(size, ullong, 0444);
MODULE_PARM_DESC(size, "size in bytes, a multiple of the memory block (required)");

static int __init node_hotadd_init(void)
{
	int ret;

	if (nid < 0 || !size) {
		pr_err("no range: load with nid=, start= and size=\n");
		return -EINVAL;
	}
	ret = add_memory(nid, start, size, MHP_NONE);

	if (ret)
		pr_err("adding %#llx-%#llx to node %d failed: %d\n",
		       start, start + size - 1, nid, ret);
	return ret;
}

static void __exit node_hotadd_exit(void)
{
	int ret = offline_and_remove_memory(start, size);

	if (ret)
		pr_warn("could not remove %#llx-%#llx: %d\n", start, start + size - 1, ret);
}

module_init(node_hotadd_init);
module_exit(node_hotadd_exit);
MODULE_DESCRIPTION("Add a physical range to a node as ordinary memory (bench baseline)");
MODULE_LICENSE("GPL");
