// SPDX-License-Identifier: GPL-2.0
/*
 * cram_demo: show CRAM at work on the node of the emulated device.
 *
 *   cram_demo tier NID MIB   demote MIB of data (2:1 with LZ4) by
 *                            proactive reclaim, read it back in place,
 *                            write one byte to 1000 of its pages
 *   cram_demo bear SECONDS   two writers flood memory with random bytes;
 *                            the device's counters every 10 s
 *
 * Must run as root in a memory cgroup (tier) or anywhere (bear).
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

#define EMU "/sys/kernel/debug/cram_emu/stats"

static void show_ratio(void)
{
	char line[256];
	FILE *f = fopen(EMU, "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "compression_ratio", 17))
			printf("  device: %s", line);
	if (f)
		fclose(f);
}

static int tier(int nid, long mib)
{
	unsigned long nr = (mib << 20) / psize, i;
	long long demoted = stat_of("/proc/vmstat", "cram_demoted");
	long long promoted;
	uint64_t s = 42, sum = 0, check = 0;
	char amount[32];
	long before, on;
	char *p;
	FILE *f;
	int t;

	/* Only the buffer may be demoted: the faults counted are its own. */
	mlockall(MCL_CURRENT);
	p = mmap(NULL, nr * psize, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	madvise(p, nr * psize, MADV_NOHUGEPAGE);
	for (i = 0; i < nr; i++)
		fill_2to1(p + i * psize, &s);
	for (i = 0; i < nr * psize / 8; i++)
		sum += ((uint64_t *)p)[i];

	printf("\n--- Demotion: %ld MiB of 2:1 data, then memory.reclaim of our cgroup\n", mib);
	for (t = 0; t < 20 && (on = pages_on_node(p, nr, nid)) < (long)nr; t++) {
		snprintf(amount, sizeof(amount), "%lu", (nr - on) * psize);
		f = fopen("/sys/fs/cgroup/cram_demo/memory.reclaim", "w");
		if (f) {
			fputs(amount, f);
			fclose(f);
		}
	}
	printf("  pages on node%d: %ld of %lu; cram_demoted +%lld\n", nid, on, nr,
	       stat_of("/proc/vmstat", "cram_demoted") - demoted);
	printf("  device: media_used_bytes %lld of %lld\n",
	       stat_of(EMU, "media_used_bytes"), stat_of(EMU, "media_budget_bytes"));
	show_ratio();

	printf("\n--- Reads in place: read all %lu pages\n", nr);
	before = faults();
	for (i = 0; i < nr * psize / 8; i++)
		check += ((uint64_t *)p)[i];
	printf("  page faults while reading: %ld; data %s\n", faults() - before,
	       check == sum ? "intact" : "CHANGED");

	printf("\n--- Promotion on write: one byte in each of 1000 pages\n");
	promoted = stat_of("/proc/vmstat", "cram_promoted");
	before = faults();
	for (i = 0; i < 1000 && i < nr; i++)
		p[i * psize] ^= 1;
	printf("  page faults: %ld; cram_promoted +%lld; pages on node%d now: %ld\n",
	       faults() - before, stat_of("/proc/vmstat", "cram_promoted") - promoted,
	       nid, pages_on_node(p, nr, nid));
	munmap(p, nr * psize);
	return 0;
}

static void writer(unsigned int seconds, uint64_t s)
{
	unsigned long len = 640UL << 20, i;
	time_t end = time(NULL) + seconds;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(1);
	while (time(NULL) < end)
		for (i = 0; i < len / 8 && time(NULL) < end; i++) {
			((uint64_t *)p)[i] = rnd(&s);
		}
	_exit(0);
}

static int bear(unsigned int seconds)
{
	const char *vm = "/proc/vmstat";
	long long d0 = stat_of(vm, "cram_demoted"), r0 = stat_of(vm, "cram_demote_refused");
	long long s0 = stat_of(vm, "pswpout");
	time_t start = time(NULL);
	int i, status, running = 2;

	/* Keep the monitor responsive while the writers flood memory. */
	mlockall(MCL_CURRENT | MCL_FUTURE);
	if (nice(-10) == -1)
		perror("nice");
	printf("\n--- The bear: 2 writers x 640 MiB of random bytes for %u s\n", seconds);
	printf("  %4s %9s %9s %10s %8s %9s %6s %5s\n", "s", "media MiB", "pressure",
	       "demoted", "refused", "swapped", "high", "lost");
	for (i = 0; i < 2; i++)
		if (fork() == 0) {
			munlockall();
			if (nice(10) == -1)
				perror("nice");
			writer(seconds, 0x1234567ULL + i);
		}
	while (running) {
		printf("  %4ld %9lld %9lld %10lld %8lld %9lld %6lld %5lld\n",
		       (long)(time(NULL) - start),
		       stat_of(EMU, "media_used_bytes") >> 20, stat_of(EMU, "pressure"),
		       stat_of(vm, "cram_demoted") - d0, stat_of(vm, "cram_demote_refused") - r0,
		       stat_of(vm, "pswpout") - s0, stat_of(EMU, "high_events"),
		       stat_of(EMU, "lost_writes"));
		fflush(stdout);
		for (i = 0; i < 10 && running; i++) {
			sleep(1);
			while (running && waitpid(-1, &status, WNOHANG) > 0)
				running--;
		}
	}
	sleep(2);
	printf("  writers done; after exit media_used_bytes %lld, cram_scrubbed %lld\n",
	       stat_of(EMU, "media_used_bytes"), stat_of(vm, "cram_scrubbed"));
	return 0;
}

int main(int argc, char **argv)
{
	psize = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "tier"))
		return tier(atoi(argv[2]), atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "bear"))
		return bear(atoi(argv[2]));
	fprintf(stderr, "usage: cram_demo tier NID MIB | bear SECONDS\n");
	return 2;
}
