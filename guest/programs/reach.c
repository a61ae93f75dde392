// SPDX-License-Identifier: GPL-2.0
/*
 * reach: try the ways a program can ask for memory on a node, for 'make run'.
 *
 *   reach try NID      every way to place pages on NID; prints what the
 *                      kernel answered and where 4 MiB of pages landed
 *   reach mbind NID    mbind(MPOL_BIND) a buffer to NID, touch it, count
 *                      the pages there, move them back with move_pages()
 *
 * A private node without the mempolicy service refuses all of them; a node
 * whose owner opted into NP_SVC_MEMPOLICY (the sample driver) takes mbind().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "guest_common.h"

#define MPOL_BIND 2
#define MPOL_PREFERRED 1
#define MPOL_INTERLEAVE 3
#define MPOL_MF_MOVE (1 << 1)
#define MAXNODE 64
#define LEN (4UL << 20)

static char *touched(void)
{
	char *p = mmap(NULL, LEN, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	memset(p, 1, LEN);
	return p;
}

static void answer(const char *way, long ret, int err, char *p, int nid)
{
	char what[64];

	if (ret < 0)
		snprintf(what, sizeof(what), "refused: %s", strerrorname_np(err));
	else
		snprintf(what, sizeof(what), "accepted");
	printf("  %-44s %-24s pages on node%d: %ld of %lu\n", way, what, nid,
	       p ? pages_on_node(p, LEN / psize, nid) : 0, LEN / psize);
}

static int try_all(int nid)
{
	unsigned long mask = 1UL << nid, from = 1;
	unsigned long i, nr = LEN / psize;
	void **pages = calloc(nr, sizeof(void *));
	int *nodes = calloc(nr, sizeof(int)), *status = calloc(nr, sizeof(int));
	char *p;
	long ret;

	p = touched();
	ret = syscall(SYS_set_mempolicy, MPOL_BIND, &mask, MAXNODE);
	answer("set_mempolicy(MPOL_BIND, {node})", ret, errno, NULL, nid);
	ret = syscall(SYS_set_mempolicy, MPOL_INTERLEAVE, &mask, MAXNODE);
	answer("set_mempolicy(MPOL_INTERLEAVE, {node})", ret, errno, NULL, nid);
	ret = syscall(SYS_set_mempolicy, MPOL_PREFERRED, &mask, MAXNODE);
	answer("set_mempolicy(MPOL_PREFERRED, {node})", ret, errno, NULL, nid);
	syscall(SYS_set_mempolicy, 0, NULL, 0);

	ret = syscall(SYS_mbind, p, LEN, MPOL_BIND, &mask, MAXNODE, MPOL_MF_MOVE);
	answer("mbind(MPOL_BIND, MPOL_MF_MOVE)", ret, errno, p, nid);

	for (i = 0; i < nr; i++) {
		pages[i] = p + i * psize;
		nodes[i] = nid;
	}
	ret = syscall(SYS_move_pages, 0, nr, pages, nodes, status, MPOL_MF_MOVE);
	if (ret == 0 && status[0] < 0) {
		ret = -1;
		errno = -status[0];
	}
	answer("move_pages(every page -> node)", ret, errno, p, nid);

	ret = syscall(SYS_migrate_pages, 0, MAXNODE, &from, &mask);
	answer("migrate_pages(node0 -> node)", ret, errno, p, nid);

	/* Ordinary page faults with every node allowed. */
	munmap(p, LEN);
	mask = ~0UL;
	syscall(SYS_set_mempolicy, MPOL_INTERLEAVE, &mask, MAXNODE);
	p = touched();
	answer("faults under MPOL_INTERLEAVE over all nodes", 0, 0, p, nid);
	syscall(SYS_set_mempolicy, 0, NULL, 0);
	munmap(p, LEN);
	return 0;
}

static int mbind_to(int nid)
{
	unsigned long mask = 1UL << nid, i, nr = LEN / psize;
	void **pages = calloc(nr, sizeof(void *));
	int *nodes = calloc(nr, sizeof(int)), *status = calloc(nr, sizeof(int));
	char *p = mmap(NULL, LEN, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (syscall(SYS_mbind, p, LEN, MPOL_BIND, &mask, MAXNODE, 0)) {
		printf("  mbind(MPOL_BIND, {node%d}) refused: %s\n", nid, strerrorname_np(errno));
		return 1;
	}
	memset(p, 1, LEN);
	printf("  mbind(MPOL_BIND, {node%d}), touch 4 MiB: %ld of %lu pages on node%d\n",
	       nid, pages_on_node(p, LEN / psize, nid), nr, nid);
	for (i = 0; i < nr; i++)
		pages[i] = p + i * psize;
	syscall(SYS_move_pages, 0, nr, pages, nodes, status, MPOL_MF_MOVE);
	printf("  move_pages back to node0: %ld of %lu pages on node0\n",
	       pages_on_node(p, LEN / psize, 0), nr);
	munmap(p, LEN);
	return 0;
}

int main(int argc, char **argv)
{
	psize = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "try"))
		return try_all(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "mbind"))
		return mbind_to(atoi(argv[2]));
	fprintf(stderr, "usage: reach try NID | reach mbind NID\n");
	return 2;
}
