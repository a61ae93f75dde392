// SPDX-License-Identifier: GPL-2.0
/*
 * pmn_kv: a key-value load generator for redis-server, the real application
 * of 'make bench' (guest/jobs/bench.sh runs both).
 *
 *   pmn_kv load LABEL SOCKET KEYS        SET every key once, pipelined
 *   pmn_kv run  LABEL SOCKET KEYS OPS    OPS / 4 requests to warm up, then
 *                                        OPS timed ones, one at a time: 95%
 *                                        GET, 5% SET, keys drawn from a
 *                                        Zipf distribution
 *
 * The key popularity is YCSB's: Zipf with exponent 0.99 over KEYS keys,
 * the ranks scattered over the key space so that hot keys do not share
 * pages. Every value is VALUE_BYTES long, 2:1 compressible like the rest
 * of the benchmark data (random bytes, then spaces), and carries its key
 * and version: each GET is checked against the value last written, so a
 * lost or corrupted write fails the run.
 *
 * Prints "BENCH kv.LABEL.<metric> <value>" lines: load_s; then ops_per_s,
 * p50_us, p99_us, get_p50_us, get_p99_us, set_p50_us, used_memory_mib and
 * mismatches (the run fails when it is not 0).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "guest_common.h"

#define VALUE_BYTES	1000	/* one jemalloc size class (1024) per value */
#define RANDOM_BYTES	440	/* the rest are spaces: about 2:1 */
#define ZIPF_THETA	0.99
#define SCATTER		1000003ULL	/* a prime larger than any KEYS */
#define PIPELINE	64

static int sock;
static char rbuf[1 << 16];
static size_t rlen, rpos;

static void die(const char *what)
{
	fprintf(stderr, "pmn_kv: %s: %s\n", what, errno ? strerror(errno) : "protocol");
	exit(1);
}

static void connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	strncpy(sa.sun_path, path, sizeof(sa.sun_path) - 1);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof(sa)))
		die(path);
}

static void send_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(sock, p, n);

		if (w <= 0)
			die("write");
		p += w;
		n -= w;
	}
}

static int get_byte(void)
{
	if (rpos == rlen) {
		ssize_t r = read(sock, rbuf, sizeof(rbuf));

		if (r <= 0)
			die("read");
		rlen = r;
		rpos = 0;
	}
	return (unsigned char)rbuf[rpos++];
}

/* One reply line without its CRLF, into @line (at most @size bytes). */
static void get_line(char *line, size_t size)
{
	size_t n = 0;
	int c;

	while ((c = get_byte()) != '\n')
		if (c != '\r' && n + 1 < size)
			line[n++] = c;
	line[n] = 0;
}

/* A bulk reply into @buf (at most @size bytes): its length, -1 for nil. */
static long get_bulk(char *buf, size_t size)
{
	char line[64];
	long len, i;

	get_line(line, sizeof(line));
	if (line[0] != '$')
		die(line);
	len = atol(line + 1);
	if (len < 0)
		return -1;
	for (i = 0; i < len + 2; i++) {
		int c = get_byte();

		if (i < len && i < (long)size)
			buf[i] = c;
	}
	return len;
}

/* The value of @key at @version. */
static void value_of(char *v, unsigned int key, unsigned int version)
{
	uint64_t s = (uint64_t)key << 32 | version | 1ULL << 63;
	int i;

	for (i = 0; i < RANDOM_BYTES; i += 8) {
		uint64_t r = rnd(&s);

		memcpy(v + i, &r, 8);
	}
	memset(v + RANDOM_BYTES, ' ', VALUE_BYTES - RANDOM_BYTES);
	snprintf(v, 24, "%08u:%08u", key, version);
	v[17] = ' ';
}

static size_t set_request(char *req, unsigned int key, unsigned int version)
{
	size_t n = sprintf(req, "*3\r\n$3\r\nSET\r\n$10\r\nk:%08u\r\n$%d\r\n",
			   key, VALUE_BYTES);

	value_of(req + n, key, version);
	memcpy(req + n + VALUE_BYTES, "\r\n", 2);
	return n + VALUE_BYTES + 2;
}

static void expect_ok(void)
{
	char line[64];

	get_line(line, sizeof(line));
	if (strcmp(line, "+OK"))
		die(line);
}

/* used_memory of INFO memory, in MiB. */
static double used_memory_mib(void)
{
	static char info[1 << 14];
	long len;
	char *p;

	send_all("*2\r\n$4\r\nINFO\r\n$6\r\nmemory\r\n", 26);
	len = get_bulk(info, sizeof(info) - 1);
	if (len < 0)
		return -1;
	info[len < (long)sizeof(info) ? len : (long)sizeof(info) - 1] = 0;
	p = strstr(info, "used_memory:");
	return p ? atoll(p + 12) / 1048576.0 : -1;
}

static int bench_load(const char *label, unsigned int keys)
{
	static char req[PIPELINE * (VALUE_BYTES + 64)];
	double t = now();
	unsigned int k = 0;

	while (k < keys) {
		size_t n = 0;
		int i, batch = 0;

		for (; k < keys && batch < PIPELINE; k++, batch++)
			n += set_request(req + n, k, 0);
		send_all(req, n);
		for (i = 0; i < batch; i++)
			expect_ok();
	}
	printf("BENCH kv.%s.load_s %.2f\n", label, now() - t);
	printf("BENCH kv.%s.used_memory_mib %.1f\n", label, used_memory_mib());
	return 0;
}

/* The cumulative Zipf distribution over @keys ranks. */
static double *zipf_cdf(unsigned int keys)
{
	double *cdf = malloc(keys * sizeof(*cdf)), sum = 0;
	unsigned int i;

	if (!cdf)
		die("malloc");
	for (i = 0; i < keys; i++)
		cdf[i] = sum += 1.0 / pow(i + 1, ZIPF_THETA);
	for (i = 0; i < keys; i++)
		cdf[i] /= sum;
	return cdf;
}

static unsigned int zipf_key(const double *cdf, unsigned int keys, uint64_t *s)
{
	double u = (rnd(s) >> 11) * (1.0 / 9007199254740992.0);
	unsigned int lo = 0, hi = keys - 1;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (unsigned int)((lo * SCATTER + 12345) % keys);
}

static double percentile(double *v, long n, double pc)
{
	if (!n)
		return -1;
	qsort(v, n, sizeof(*v), cmp_double);
	return v[(long)((n - 1) * pc)];
}

static int bench_run(const char *label, unsigned int keys, long ops)
{
	static char req[VALUE_BYTES + 64], got[VALUE_BYTES], want[VALUE_BYTES];
	unsigned int *version = calloc(keys, sizeof(*version));
	double *all = malloc(ops * sizeof(double));
	double *gets = malloc(ops * sizeof(double));
	double *sets = malloc(ops * sizeof(double));
	double *cdf = zipf_cdf(keys), t0, t;
	long i, ngets = 0, nsets = 0, mismatches = 0, warmup = ops / 4;
	uint64_t s = 0x9e3779b97f4a7c15ULL;

	if (!version || !all || !gets || !sets)
		die("malloc");
	t0 = now();
	for (i = -warmup; i < ops; i++) {
		unsigned int k = zipf_key(cdf, keys, &s);
		int is_set = rnd(&s) % 100 < 5;
		long len;

		if (i == 0)
			t0 = now();
		t = now();
		if (is_set) {
			send_all(req, set_request(req, k, ++version[k]));
			expect_ok();
			if (i >= 0)
				sets[nsets++] = all[i] = (now() - t) * 1e6;
			continue;
		}
		len = sprintf(req, "*2\r\n$3\r\nGET\r\n$10\r\nk:%08u\r\n", k);
		send_all(req, len);
		len = get_bulk(got, sizeof(got));
		if (i >= 0)
			gets[ngets++] = all[i] = (now() - t) * 1e6;
		value_of(want, k, version[k]);
		if (len != VALUE_BYTES || memcmp(got, want, VALUE_BYTES)) {
			if (!mismatches)
				fprintf(stderr, "pmn_kv: key %u: wrong value\n", k);
			mismatches++;
		}
	}
	t = now() - t0;
	printf("BENCH kv.%s.ops_per_s %.0f\n", label, ops / t);
	printf("BENCH kv.%s.p50_us %.1f\n", label, percentile(all, ops, 0.50));
	printf("BENCH kv.%s.p99_us %.1f\n", label, percentile(all, ops, 0.99));
	printf("BENCH kv.%s.get_p50_us %.1f\n", label, percentile(gets, ngets, 0.50));
	printf("BENCH kv.%s.get_p99_us %.1f\n", label, percentile(gets, ngets, 0.99));
	printf("BENCH kv.%s.set_p50_us %.1f\n", label, percentile(sets, nsets, 0.50));
	printf("BENCH kv.%s.mismatches %ld\n", label, mismatches);
	return mismatches != 0;
}

int main(int argc, char **argv)
{
	psize = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 5)
		connect_to(argv[3]);
	if (argc == 5 && !strcmp(argv[1], "load"))
		return bench_load(argv[2], strtoul(argv[4], NULL, 0));
	if (argc == 6 && !strcmp(argv[1], "run"))
		return bench_run(argv[2], strtoul(argv[4], NULL, 0), atol(argv[5]));
	fprintf(stderr, "usage: see the comment at the top of guest/programs/pmn_kv.c\n");
	return 2;
}
