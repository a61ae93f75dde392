/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the guest programs (each program is one file that
 * includes this once; main() sets psize first).
 */
#ifndef GUEST_COMMON_H
#define GUEST_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>

static long psize;

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* qsort() order of doubles. */
static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A "name value" line of a stats file (vmstat, debugfs): -1 if absent. */
static inline long long stat_of(const char *path, const char *name)
{
	char line[256];
	size_t n = strlen(name);
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ' ')
			v = atoll(line + n + 1);
	fclose(f);
	return v;
}

/* Page faults this process has taken so far. */
static inline long faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt + ru.ru_majflt;
}

/*
 * The node of each of the @nr pages from @p (a move_pages() query, nothing
 * moves): a node id, or a negative errno (-ENOENT: not present, e.g.
 * swapped out). Returns a calloc()ed array, NULL if the query failed.
 */
static inline int *page_nodes(char *p, unsigned long nr)
{
	void **pages = calloc(nr, sizeof(void *));
	int *status = calloc(nr, sizeof(int));
	unsigned long i;

	for (i = 0; i < nr; i++)
		pages[i] = p + i * psize;
	if (syscall(SYS_move_pages, 0, nr, pages, NULL, status, 0)) {
		free(status);
		status = NULL;
	}
	free(pages);
	return status;
}

/* How many of the @nr pages from @p sit on node @nid. */
static inline long pages_on_node(char *p, unsigned long nr, int nid)
{
	int *status = page_nodes(p, nr);
	unsigned long i;
	long on = 0;

	for (i = 0; status && i < nr; i++)
		on += status[i] == nid;
	free(status);
	return on;
}

static inline uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * A page of data that LZ4 compresses about 2:1, like typical application
 * memory: 1792 random bytes (incompressible) and 2304 spaces (next to
 * free); the emulated device charges about 2048 bytes for it.
 */
static inline void fill_2to1(char *p, uint64_t *s)
{
	long j;

	for (j = 0; j < 1792; j += 8)
		*(uint64_t *)(p + j) = rnd(s);
	memset(p + 1792, ' ', psize - 1792);
}

#endif
