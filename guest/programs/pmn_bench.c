// SPDX-License-Identifier: GPL-2.0
/*
 * pmn_bench: the user-space half of 'make bench' (guest/jobs/bench.sh runs it).
 *
 *   pmn_bench faults  LABEL MIB REPS        first-touch faults per second
 *   pmn_bench tier    LABEL MIB PASSES [thp]
 *                                           fill MIB of 2:1 data, then a
 *                                           read scan and a 90/10 read/write
 *                                           mix, PASSES times the data each;
 *                                           with thp in THPs, and after the
 *                                           fill what a 4 KiB write to a THP
 *                                           that left node 0 brings back
 *   pmn_bench demote  LABEL CGROUP MIB NID  demotion throughput: reclaim the
 *                                           cgroup until MIB sit on NID
 *   pmn_bench move    LABEL MIB NID         move_pages() throughput to NID
 *   pmn_bench latency LABEL CGROUP PAGES    reclaim PAGES out of node 0, then
 *                                           time a one-byte write to each
 *   pmn_bench bear    LABEL SECONDS         two writers of random bytes; the
 *                                           tier's state every second
 *
 * Every result is one line "BENCH <benchmark>.<LABEL>.<metric> <values...>"
 * for scripts/bench-report.py. Counters that do not exist on this kernel
 * (no CRAM device, no zswap) read as -1.
 *
 * The data: each 4 KiB page holds 1792 random bytes and 2304 spaces, which
 * LZ4 compresses about 2:1 (the random part does not compress, the spaces
 * almost vanish), the ratio of typical in-memory application data.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "guest_common.h"

#ifndef MPOL_MF_MOVE
#define MPOL_MF_MOVE (1 << 1)
#endif

#define EMU "/sys/kernel/debug/cram_emu/stats"
#define ZSWAP "/sys/kernel/debug/zswap/"
#define VMSTAT "/proc/vmstat"

/* A file holding one number (zswap's debugfs): -1 if absent. */
static long long number_in(const char *path)
{
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* System CPU time of the whole machine (kswapd and kworkers included). */
static double system_seconds(void)
{
	unsigned long long user, nice_, sys, idle, iowait, irq, softirq;
	FILE *f = fopen("/proc/stat", "r");
	int n = 0;

	if (f) {
		n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user,
			   &nice_, &sys, &idle, &iowait, &irq, &softirq);
		fclose(f);
	}
	if (n != 7)
		return 0;
	return (double)(sys + irq + softirq) / sysconf(_SC_CLK_TCK);
}

#define THP_SIZE (2UL << 20)

/*
 * An anonymous buffer filled with 2:1 data, of small pages or, with @thp,
 * 2 MiB aligned and advised MADV_HUGEPAGE.
 */
static char *filled_as(unsigned long nr, uint64_t seed, int thp)
{
	unsigned long i, len = nr * psize;
	char *p = mmap(NULL, len + (thp ? THP_SIZE : 0), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	if (thp) {
		p = (char *)(((unsigned long)p + THP_SIZE - 1) & ~(THP_SIZE - 1));
		madvise(p, len, MADV_HUGEPAGE);
	} else {
		madvise(p, len, MADV_NOHUGEPAGE);
	}
	for (i = 0; i < nr; i++)
		fill_2to1(p + i * psize, &seed);
	return p;
}

static char *filled(unsigned long nr, uint64_t seed)
{
	return filled_as(nr, seed, 0);
}

static uint64_t checksum(const char *p, unsigned long nr)
{
	const uint64_t *w = (const uint64_t *)p;
	unsigned long i;
	uint64_t sum = 0;

	for (i = 0; i < nr * psize / 8; i++)
		sum += w[i];
	return sum;
}

/* Where the pages are: count[0] node 0, count[1] node @nid, count[2] not present. */
static void placement(char *p, unsigned long nr, int nid, long count[3])
{
	int *status = page_nodes(p, nr);
	unsigned long i;

	count[0] = count[1] = count[2] = 0;
	for (i = 0; status && i < nr; i++) {
		if (status[i] == 0)
			count[0]++;
		else if (status[i] == nid)
			count[1]++;
		else if (status[i] < 0)
			count[2]++;
	}
	free(status);
}

static void reclaim(const char *cgroup, unsigned long bytes)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/fs/cgroup/%s/memory.reclaim", cgroup);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fprintf(f, "%lu", bytes);
	fclose(f);	/* EAGAIN when less was reclaimed: the caller retries */
}

static int bench_faults(const char *label, long mib, int reps)
{
	unsigned long nr = (mib << 20) / psize, i;
	int r;

	char line[1024];
	int len;

	len = snprintf(line, sizeof(line), "BENCH faults.%s.per_s", label);
	for (r = 0; r < reps && len < (int)sizeof(line) - 32; r++) {
		char *p = mmap(NULL, nr * psize, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		double t0;

		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		madvise(p, nr * psize, MADV_NOHUGEPAGE);
		t0 = now();
		for (i = 0; i < nr; i++)
			p[i * psize] = 1;
		len += snprintf(line + len, sizeof(line) - len, " %.0f", nr / (now() - t0));
		munmap(p, nr * psize);
	}
	printf("%s\n", line);
	return 0;
}

/* Memory the tier saves: data held minus the memory holding it. */
static double saved_mib(void)
{
	double saved = 0;
	long long data = stat_of(EMU, "data_pages"), media = stat_of(EMU, "media_used_bytes");
	long long stored = number_in(ZSWAP "stored_pages");
	long long pool = number_in(ZSWAP "pool_total_size");

	if (data >= 0 && media >= 0)
		saved += data * psize - media;
	if (stored >= 0 && pool >= 0)
		saved += stored * psize - pool;
	return saved / (1 << 20);
}

struct phase {
	double t, sys;
	long faults;
};

static void phase_start(struct phase *ph)
{
	ph->faults = faults();
	ph->sys = system_seconds();
	ph->t = now();
}

static void phase_end(struct phase *ph, const char *label, const char *name)
{
	ph->t = now() - ph->t;
	ph->sys = system_seconds() - ph->sys;
	ph->faults = faults() - ph->faults;
	printf("BENCH tier.%s.%s_s %.3f\n", label, name, ph->t);
	printf("BENCH tier.%s.%s_faults %ld\n", label, name, ph->faults);
	printf("BENCH tier.%s.%s_sys_s %.2f\n", label, name, ph->sys);
}

/* vmstat events whose change over the fill tells what left node 0 and how. */
static const char * const thp_events[] = {
	"thp_fault_alloc", "thp_migration_success", "thp_migration_split",
	"thp_split_page", "thp_swpout", "thp_swpout_fallback", "pgdemote_kswapd",
	"pgdemote_direct", "pswpout", "pswpin", "cram_split", "cram_promoted",
	"cram_copied",
};
#define NR_THP_EVENTS (sizeof(thp_events) / sizeof(thp_events[0]))

static void events_now(long long *v)
{
	unsigned int i;

	for (i = 0; i < NR_THP_EVENTS; i++)
		v[i] = stat_of(VMSTAT, thp_events[i]);
}

static void events_print(const char *label, const char *phase, const long long *before)
{
	long long after[NR_THP_EVENTS];
	unsigned int i;

	events_now(after);
	for (i = 0; i < NR_THP_EVENTS; i++)
		if (before[i] >= 0)
			printf("BENCH tier.%s.%s_%s %lld\n", label, phase, thp_events[i],
			       after[i] - before[i]);
}

/*
 * What one 4 KiB write to a 2 MiB region that left node 0 brings back: for
 * up to 32 regions none of whose pages is on node 0 (preferring regions
 * wholly on node 1, where demoted THPs are), a byte is written at the
 * region's start and the region's pages on node 0 are counted after.
 */
static void thp_write_probe(const char *label, char *p, unsigned long nr)
{
	unsigned long per = THP_SIZE / psize, r;
	long long before[NR_THP_EVENTS];
	long where[3], back = 0, probed = 0, whole_on1 = 0, off0 = 0;
	int pass;

	for (r = 0; r + per <= nr; r += per) {
		placement(p + r * psize, per, 1, where);
		off0 += where[0] == 0;
		whole_on1 += where[1] == (long)per;
	}
	printf("BENCH tier.%s.regions_off_node0 %ld\n", label, off0);
	printf("BENCH tier.%s.regions_whole_on_node1 %ld\n", label, whole_on1);
	events_now(before);
	for (pass = 0; pass < 2; pass++)
		for (r = 0; r + per <= nr && probed < 32; r += per) {
			char *region = p + r * psize;

			placement(region, per, 1, where);
			if (where[0] || (pass == 0 && where[1] != (long)per))
				continue;
			/* A write fault, then the byte back as it was. */
			__atomic_fetch_xor(region, 1, __ATOMIC_RELAXED);
			__atomic_fetch_xor(region, 1, __ATOMIC_RELAXED);
			placement(region, per, 1, where);
			back += where[0];
			probed++;
		}
	printf("BENCH tier.%s.probe_regions %ld\n", label, probed);
	if (probed)
		printf("BENCH tier.%s.probe_pages_to_node0 %.1f\n", label,
		       (double)back / probed);
	events_print(label, "probe", before);
}

static int bench_tier(const char *label, long mib, int passes, int thp)
{
	unsigned long nr = (mib << 20) / psize, i;
	uint64_t s = 7, sum;
	struct phase ph;
	long where[3];
	long long before[NR_THP_EVENTS];
	int pass, intact = 1;
	double t0 = now();
	char *p;

	events_now(before);
	p = filled_as(nr, 42, thp);
	sum = checksum(p, nr);
	printf("BENCH tier.%s.fill_s %.3f\n", label, now() - t0);
	sleep(3);	/* let kswapd finish what the fill started */
	events_print(label, "fill", before);
	if (stat_of(EMU, "media_used_bytes") >= 0)
		printf("BENCH tier.%s.media_mib %.1f\n", label,
		       stat_of(EMU, "media_used_bytes") / 1048576.0);
	placement(p, nr, 1, where);
	printf("BENCH tier.%s.on_node0_mib %.1f\n", label, where[0] * psize / 1048576.0);
	printf("BENCH tier.%s.on_node1_mib %.1f\n", label, where[1] * psize / 1048576.0);
	printf("BENCH tier.%s.swapped_mib %.1f\n", label, where[2] * psize / 1048576.0);
	printf("BENCH tier.%s.saved_mib %.1f\n", label, saved_mib());
	if (thp)
		thp_write_probe(label, p, nr);

	phase_start(&ph);
	for (pass = 0; pass < passes; pass++)
		intact &= checksum(p, nr) == sum;
	phase_end(&ph, label, "scan");
	printf("BENCH tier.%s.scan_intact %d\n", label, intact);

	/* Uniformly random pages: 9 in 10 read 64 bytes, 1 in 10 writes a byte. */
	events_now(before);
	phase_start(&ph);
	for (i = 0; i < nr * passes; i++) {
		uint64_t r = rnd(&s);
		char *page = p + (r % nr) * psize;

		if ((r >> 40) % 10 == 0) {
			page[(r >> 20) & 63] ^= 1;
		} else {
			const volatile uint64_t *w = (const uint64_t *)page;
			uint64_t x = 0;
			int j;

			for (j = 0; j < 8; j++)
				x += w[j];
			(void)x;
		}
	}
	phase_end(&ph, label, "mix");
	events_print(label, "mix", before);
	printf("BENCH tier.%s.saved_after_mib %.1f\n", label, saved_mib());
	munmap(p, nr * psize);
	return !intact;
}

static int bench_demote(const char *label, const char *cgroup, long mib, int nid)
{
	unsigned long nr = (mib << 20) / psize;
	char *p = filled(nr, 1);
	long where[3];
	double t = 0, t0;
	int tries;

	/* Only the memory.reclaim writes are timed, not the placement queries. */
	placement(p, nr, nid, where);
	for (tries = 0; tries < 50 && where[1] < (long)nr; tries++) {
		t0 = now();
		reclaim(cgroup, (nr - where[1]) * psize);
		t += now() - t0;
		placement(p, nr, nid, where);
	}
	printf("BENCH demote.%s.mib_s %.1f\n", label, where[1] * psize / 1048576.0 / t);
	printf("BENCH demote.%s.pages %ld\n", label, where[1]);
	printf("BENCH demote.%s.other_pages %ld\n", label, where[2]);
	munmap(p, nr * psize);
	return where[1] == (long)nr ? 0 : 1;
}

static int bench_move(const char *label, long mib, int nid)
{
	unsigned long nr = (mib << 20) / psize, i;
	char *p = filled(nr, 1);
	void **pages = calloc(nr, sizeof(void *));
	int *nodes = calloc(nr, sizeof(int)), *status = calloc(nr, sizeof(int));
	long where[3];
	double t0, t;

	for (i = 0; i < nr; i++) {
		pages[i] = p + i * psize;
		nodes[i] = nid;
	}
	t0 = now();
	if (syscall(SYS_move_pages, 0, nr, pages, nodes, status, MPOL_MF_MOVE))
		perror("move_pages");
	t = now() - t0;
	placement(p, nr, nid, where);
	printf("BENCH move.%s.mib_s %.1f\n", label, where[1] * psize / 1048576.0 / t);
	printf("BENCH move.%s.pages %ld\n", label, where[1]);
	munmap(p, nr * psize);
	return where[1] == (long)nr ? 0 : 1;
}

static int bench_latency(const char *label, const char *cgroup, long nr)
{
	char *p = filled(nr, 3);
	double *lat = calloc(nr, sizeof(double)), mean = 0;
	long *order = calloc(nr, sizeof(long)), where[3], f, i;
	uint64_t s = 11;
	int tries;

	/* Reclaim until no page is left on node 0 (demoted or swapped out). */
	placement(p, nr, 1, where);
	for (tries = 0; tries < 50 && where[0]; tries++) {
		reclaim(cgroup, where[0] * psize);
		placement(p, nr, 1, where);
	}
	/* A random order, so no fault finds its page already read ahead. */
	for (i = 0; i < nr; i++)
		order[i] = i;
	for (i = nr - 1; i > 0; i--) {
		long j = rnd(&s) % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	f = faults();
	for (i = 0; i < nr; i++) {
		volatile char *c = p + order[i] * psize + 100;
		double t0 = now();

		*c ^= 1;
		lat[i] = (now() - t0) * 1e6;
		mean += lat[i];
	}
	f = faults() - f;
	qsort(lat, nr, sizeof(double), cmp_double);
	printf("BENCH latency.%s.out_of_node0 %ld\n", label, nr - where[0]);
	printf("BENCH latency.%s.faults_per_write %.2f\n", label, (double)f / nr);
	printf("BENCH latency.%s.p50_us %.1f\n", label, lat[nr / 2]);
	printf("BENCH latency.%s.p99_us %.1f\n", label, lat[nr * 99 / 100]);
	printf("BENCH latency.%s.mean_us %.1f\n", label, mean / nr);
	munmap(p, nr * psize);
	return where[0] ? 1 : 0;
}

/* Write random bytes over 640 MiB, page after page, until @end (now()). */
static void writer(double end, uint64_t s, volatile unsigned long *pages)
{
	unsigned long len = 640UL << 20, i, j;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(1);
	while (now() < end)
		for (i = 0; i < len / psize && now() < end; i++) {
			uint64_t *w = (uint64_t *)(p + i * psize);

			for (j = 0; j < (unsigned long)psize / 8; j++)
				w[j] = rnd(&s);
			__atomic_add_fetch(pages, 1, __ATOMIC_RELAXED);
		}
	_exit(0);
}

static int bench_bear(const char *label, unsigned int seconds)
{
	long long d0 = stat_of(VMSTAT, "cram_demoted"), r0 = stat_of(VMSTAT, "cram_demote_refused");
	long long s0 = stat_of(VMSTAT, "pswpout"), p0 = stat_of(VMSTAT, "cram_promoted");
	long long rel0 = stat_of(EMU, "releases"), lost0 = stat_of(EMU, "lost_writes");
	long long high0 = stat_of(EMU, "high_events"), lost;
	long long d_high = -1, r_high = -1, d_after, r_after;
	volatile unsigned long *written = mmap(NULL, psize, PROT_READ | PROT_WRITE,
					       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	double t0 = now();
	int i, status, running = 2;

	/* Keep the monitor responsive while the writers flood memory. */
	mlockall(MCL_CURRENT | MCL_FUTURE);
	if (nice(-10) == -1)
		perror("nice");
	for (i = 0; i < 2; i++)
		if (fork() == 0) {
			munlockall();
			if (nice(10) == -1)
				perror("nice");
			writer(t0 + seconds, 0x1234567ULL + i, written);
		}
	/* series: seconds, MiB written, media MiB, pressure, demoted, refused, swapped out */
	while (running) {
		/* Demotion attempts from the device's first high watermark on. */
		if (d_high < 0 && stat_of(EMU, "high_events") > high0) {
			d_high = stat_of(VMSTAT, "cram_demoted");
			r_high = stat_of(VMSTAT, "cram_demote_refused");
		}
		printf("BENCH bear.%s.series %.0f %.0f %lld %lld %lld %lld %lld\n", label,
		       now() - t0, *written * psize / 1048576.0,
		       stat_of(EMU, "media_used_bytes") >> 20, stat_of(EMU, "pressure"),
		       stat_of(VMSTAT, "cram_demoted") - d0,
		       stat_of(VMSTAT, "cram_demote_refused") - r0,
		       stat_of(VMSTAT, "pswpout") - s0);
		sleep(1);
		while (running && waitpid(-1, &status, WNOHANG) > 0)
			running--;
	}
	/* The writers wrote from t0 to t0 + seconds. */
	printf("BENCH bear.%s.write_mib_s %.1f\n", label, *written * psize / 1048576.0 / seconds);
	printf("BENCH bear.%s.demoted %lld\n", label, stat_of(VMSTAT, "cram_demoted") - d0);
	printf("BENCH bear.%s.refused %lld\n", label, stat_of(VMSTAT, "cram_demote_refused") - r0);
	printf("BENCH bear.%s.promoted %lld\n", label, stat_of(VMSTAT, "cram_promoted") - p0);
	printf("BENCH bear.%s.swapped_out %lld\n", label, stat_of(VMSTAT, "pswpout") - s0);
	printf("BENCH bear.%s.device_releases %lld\n", label, stat_of(EMU, "releases") - rel0);
	printf("BENCH bear.%s.high_events %lld\n", label, stat_of(EMU, "high_events") - high0);
	d_after = stat_of(VMSTAT, "cram_demoted") - d0;
	r_after = stat_of(VMSTAT, "cram_demote_refused") - r0;
	printf("BENCH bear.%s.refused_pct %.1f\n", label,
	       d_after + r_after ? 100.0 * r_after / (d_after + r_after) : 0.0);
	if (d_high >= 0) {
		d_after = stat_of(VMSTAT, "cram_demoted") - d_high;
		r_after = stat_of(VMSTAT, "cram_demote_refused") - r_high;
		printf("BENCH bear.%s.refused_after_high_pct %.1f\n", label,
		       d_after + r_after ? 100.0 * r_after / (d_after + r_after) : 0.0);
	}
	lost = stat_of(EMU, "lost_writes") - lost0;
	printf("BENCH bear.%s.lost_writes %lld\n", label, lost);
	sleep(3);
	printf("BENCH bear.%s.media_after_exit_bytes %lld\n", label, stat_of(EMU, "media_used_bytes"));
	/* The device must never drop a write, however hard it is pushed. */
	return lost > 0;
}

int main(int argc, char **argv)
{
	psize = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 5 && !strcmp(argv[1], "faults"))
		return bench_faults(argv[2], atol(argv[3]), atoi(argv[4]));
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "tier"))
		return bench_tier(argv[2], atol(argv[3]), atoi(argv[4]),
				  argc == 6 && !strcmp(argv[5], "thp"));
	if (argc == 6 && !strcmp(argv[1], "demote"))
		return bench_demote(argv[2], argv[3], atol(argv[4]), atoi(argv[5]));
	if (argc == 5 && !strcmp(argv[1], "move"))
		return bench_move(argv[2], atol(argv[3]), atoi(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "latency"))
		return bench_latency(argv[2], argv[3], atol(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "bear"))
		return bench_bear(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: see the comment at the top of guest/programs/pmn_bench.c\n");
	return 2;
}
