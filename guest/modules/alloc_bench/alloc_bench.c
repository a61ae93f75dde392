// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_bench: time the allocator's fast paths from inside the kernel.
 *
 * Built out of tree against both the patched and the vanilla kernel, so the
 * same code measures both. Reading /sys/kernel/debug/alloc_bench/run times
 * each case once and prints one "name ns_per_op" line per case (two
 * decimals; -ENOMEM if an allocation failed):
 *
 *   order0_pair_ns     alloc_pages(GFP_KERNEL, 0) then __free_pages()
 *   order0_batch_ns    512 order-0 allocations, then 512 frees (per page)
 *   order9_pair_ns     alloc_pages(GFP_KERNEL, 9) then __free_pages()
 *   kmalloc64_pair_ns  kmalloc(64, GFP_KERNEL) then kfree()
 *
 * Allocations come from the node of the CPU the reader runs on.
 */
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>

static unsigned int iterations = 100000;
module_param(iterations, uint, 0644);
MODULE_PARM_DESC(iterations, "operations per order-0 and kmalloc case (order 9: 1/16 of it)");

#define BATCH 512

static struct dentry *bench_dir;
/* One run at a time: the batch array is shared, and so is an open file. */
static DEFINE_MUTEX(bench_lock);
static struct page *batch[BATCH];

/*
 * Each case returns the total time in ns of @n operations, or a negative
 * errno; the reader divides, to a hundredth of a nanosecond.
 */
static s64 time_pairs(unsigned int order, unsigned long n)
{
	unsigned long i;
	u64 t0 = ktime_get_ns();

	for (i = 0; i < n; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		if (!page)
			return -ENOMEM;
		__free_pages(page, order);
		if ((i & 1023) == 1023)
			cond_resched();
	}
	return ktime_get_ns() - t0;
}

static s64 time_batches(unsigned long n)
{
	unsigned long done, i;
	u64 t0 = ktime_get_ns();

	for (done = 0; done < n; done += BATCH) {
		for (i = 0; i < BATCH; i++) {
			batch[i] = alloc_page(GFP_KERNEL);
			if (!batch[i])
				break;
		}
		if (i < BATCH) {
			while (i--)
				__free_page(batch[i]);
			return -ENOMEM;
		}
		while (i--)
			__free_page(batch[i]);
		cond_resched();
	}
	return ktime_get_ns() - t0;
}

static s64 time_kmalloc(unsigned long n)
{
	unsigned long i;
	u64 t0 = ktime_get_ns();

	for (i = 0; i < n; i++) {
		void *p = kmalloc(64, GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		/* Keep the compiler from pairing the two away. */
		OPTIMIZER_HIDE_VAR(p);
		kfree(p);
		if ((i & 1023) == 1023)
			cond_resched();
	}
	return ktime_get_ns() - t0;
}

/* One "name ns_per_op" line, ns_per_op with two decimals. */
static int print_case(char *buf, int len, const char *name, s64 total,
		      unsigned long n)
{
	u64 centi = div64_u64((u64)total * 100, n);

	return scnprintf(buf + len, PAGE_SIZE - len, "%s %llu.%02llu\n", name,
			 div_u64(centi, 100), centi % 100);
}

static ssize_t run_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	unsigned long n = round_up(max(iterations, 16U), BATCH);
	s64 o0, b0, o9, km;
	char *buf;
	int len;

	mutex_lock(&bench_lock);
	buf = file->private_data;
	if (!buf) {
		o0 = time_pairs(0, n);
		b0 = time_batches(n);
		o9 = time_pairs(9, n / 16);
		km = time_kmalloc(n);
		if (o0 < 0 || b0 < 0 || o9 < 0 || km < 0) {
			mutex_unlock(&bench_lock);
			return -ENOMEM;
		}
		buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (!buf) {
			mutex_unlock(&bench_lock);
			return -ENOMEM;
		}
		len = print_case(buf, 0, "order0_pair_ns", o0, n);
		len += print_case(buf, len, "order0_batch_ns", b0, n);
		len += print_case(buf, len, "order9_pair_ns", o9, n / 16);
		print_case(buf, len, "kmalloc64_pair_ns", km, n);
		file->private_data = buf;
	}
	mutex_unlock(&bench_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, strlen(buf));
}

static int run_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static const struct file_operations run_fops = {
	.owner = THIS_MODULE,
	.read = run_read,
	.release = run_release,
	.llseek = default_llseek,
};

static int __init alloc_bench_init(void)
{
	bench_dir = debugfs_create_dir("alloc_bench", NULL);
	debugfs_create_file("run", 0400, bench_dir, NULL, &run_fops);
	return 0;
}

static void __exit alloc_bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
}

module_init(alloc_bench_init);
module_exit(alloc_bench_exit);
MODULE_DESCRIPTION("Allocator fast-path microbenchmark for make bench");
MODULE_LICENSE("GPL");
