#!/usr/bin/env python3
"""Turn the bench boots' reports into docs/bench.md, docs/bench.png and
build/results/bench.json.

    bench-report.py RUNS_DIR RESULTS_DIR DOCS_DIR

RUNS_DIR holds KERNEL-ROUND.log files (the guest's "BENCH key values..."
lines, see guest/programs/pmn_bench.c). Within a boot the allocator and
fault benchmarks, repeated 7 times, count as their fastest run; any other
key with several values as their median. Across boots every headline figure is given
as median [min-max] over the rounds; a ratio is formed per round (patched
and vanilla boots of the same round) and then summarised, so its spread is
the spread of the ratio itself.
"""
import datetime
import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys

ALLOC_CASES = [
    ("order0_pair_ns", "order-0 alloc+free"),
    ("order0_batch_ns", "order-0 512 allocs, 512 frees"),
    ("order9_pair_ns", "order-9 alloc+free"),
    ("kmalloc64_pair_ns", "kmalloc(64)+kfree"),
]
TIERS = [("none", "vanilla"), ("zswap", "vanilla"), ("cram", "patched")]
KV_TIERS = [("swap", "swap only"), ("zswap", "zswap"), ("cram", "CRAM")]


def parse(path):
    values, series = {}, {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or parts[0] != "BENCH":
                continue
            key, nums = parts[1], [float(x) for x in parts[2:]]
            if key.endswith(".series"):
                series.setdefault(key, []).append(nums)
            else:
                values[key] = nums
    return values, series


def load(runs_dir):
    runs = {}
    for path in sorted(glob.glob(os.path.join(runs_dir, "*-*.log"))):
        m = re.match(r"(patched|vanilla|patched-icount|vanilla-icount)-(\d+)\.log$",
                     os.path.basename(path))
        if m:
            runs[(m.group(1), int(m.group(2)))] = parse(path)
    return runs


class Bench:
    def __init__(self, runs):
        self.runs = runs
        self.rounds = sorted({r for (_, r) in runs})
        self.results = []

    def value(self, kernel, rnd, key):
        vals = self.runs.get((kernel, rnd), ({}, {}))[0].get(key)
        if vals and key.startswith(("alloc.", "faults.")):
            vals = [v for v in vals if v > 0]	# a failed run prints nothing useful
        if not vals:
            return None
        # Repeated microbenchmarks: noise only ever adds time, so a boot's
        # figure is its fastest run; everything else is the median.
        if key.startswith("alloc."):
            return min(vals)
        if key.startswith("faults."):
            return max(vals)
        return statistics.median(vals)

    def per_round(self, kernel, key):
        return [v for r in self.rounds if (v := self.value(kernel, r, key)) is not None]

    def ratio_per_round(self, num, den, invert=False):
        out = []
        for r in self.rounds:
            a, b = self.value(num[0], r, num[1]), self.value(den[0], r, den[1])
            if a is None or b is None or (b if not invert else a) == 0:
                continue
            out.append(b / a if invert else a / b)
        return out

    def add(self, rid, what, unit, vals, goal=None):
        row = {"id": rid, "what": what, "unit": unit, "goal": goal, "values": vals}
        if vals:
            row.update(median=statistics.median(vals), min=min(vals), max=max(vals))
        self.results.append(row)
        return row


def fmt(row, digits=2):
    if not row.get("values"):
        return "n/a"
    med, lo, hi = row["median"], row["min"], row["max"]
    if len(row["values"]) == 1 or lo == hi:
        return f"{med:.{digits}f}"
    return f"{med:.{digits}f} [{lo:.{digits}f}-{hi:.{digits}f}]"


def machine():
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "unknown"
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    probe = os.path.join(top, "build", "kvm-probe")
    kvm = os.path.exists(probe) and open(probe).read().strip() == "yes"
    commit = first_line(["git", "-C", top, "describe", "--always", "--dirty"])
    return {
        "host_cpu": cpu,
        "host_cpus": os.cpu_count(),
        "host_kernel": platform.release(),
        "qemu": first_line(["qemu-system-x86_64", "--version"]),
        "accel": "kvm" if kvm else "tcg",
        "guest": "q35, 2 vCPUs, node0 1 GiB DRAM + CPUs, node1 896 MiB CRAM (cram_emu), "
                 "node2 256 MiB (device-dax, kmem), node3 128 MiB (private_node=), node4 128 MiB "
                 "(test driver), 1 GiB swap on virtio-blk",
        "project_commit": commit,
    }


def cost_section(b, clock):
    """1 and 2: what the series costs where nobody uses it."""
    md = []
    md.append("### Cost of the series: patched / vanilla, per operation\n")
    md.append("Goal: 1.000 without private nodes (the static key is off), within 0.5% "
              "(<= 1.005) with the private nodes online. Above 1 means the patched "
              "kernel does more. Measured twice: in guest instructions (QEMU "
              "`-icount shift=0`: the guest clock advances one nanosecond per "
              f"instruction, so emulation speed does not enter) and in {clock} "
              "time. Within a boot each case is the best of 7 runs.\n")
    md.append("| operation | vanilla instructions/op | patched, no private node | "
              f"patched, nodes online | vanilla {clock} ns/op | {clock}, no private node | "
              f"{clock}, nodes online |")
    md.append("|---|---|---|---|---|---|---|")
    cases = [(f"alloc.{{}}.{k}", label, False) for k, label in ALLOC_CASES]
    cases.append(("faults.{}.per_s", "first-touch anonymous fault", True))
    for key, label, rate in cases:
        cells = []
        for suffix, prefix in (("-icount", "cost"), ("", "tcgtime")):
            base = b.per_round("vanilla" + suffix, key.format("bare"))
            if rate:
                base = [1e9 / v for v in base if v]
            unit = "instructions" if suffix else "ns"
            vrow = b.add(f"{prefix}.vanilla.{key.format('bare').split('.', 1)[1]}",
                         f"{label}, vanilla", unit, base)
            cells.append(fmt(vrow, 0))
            for ps in ("bare", "nodes"):
                k = key.format(ps)
                vals = b.ratio_per_round(("patched" + suffix, k), ("vanilla" + suffix, k),
                                         invert=rate)
                goal = "1.000" if ps == "bare" else "<= 1.005"
                cells.append(fmt(b.add(f"{prefix}.{ps}.{k.split('.')[-1]}",
                                       f"{label}, {ps} ({unit})", "ratio", vals, goal), 3))
        md.append(f"| {label} | " + " | ".join(cells) + " |")
    return md


def build(bench, accel):
    b = bench
    clock = f"{accel.upper()} wall-clock"
    n = len(b.rounds)
    md = cost_section(b, clock)

    # 3: the tiers.
    md.append("\n### CRAM vs zswap vs no tier\n")
    md.append("512 MiB of 2:1 data (per 4 KiB page 1792 random bytes and 2304 spaces; "
              "LZ4 about 2:1) with node0 cut to about 256 MiB free by reserving huge "
              "pages. *none* and *zswap* (lz4, zsmalloc) run on vanilla, *CRAM* on the "
              "patched kernel; all swap to the same 1 GiB virtio disk. Scan: 2 "
              "sequential read passes over all data. Mix: 2 x (number of pages) random "
              "page accesses, 9 in 10 read 64 bytes, 1 in 10 writes a byte. Faults are "
              "the workload's own; system CPU is the whole machine's (kswapd "
              "included).\n")
    md.append("| | none | zswap | CRAM | CRAM / zswap |")
    md.append("|---|---|---|---|---|")
    metrics = [
        ("fill_s", "fill time (s)"),
        ("on_node0_mib", "after fill: MiB on node0"),
        ("on_node1_mib", "after fill: MiB on node1 (CRAM)"),
        ("swapped_mib", "after fill: MiB out (swap/zswap)"),
        ("saved_mib", "memory saved after fill (MiB)"),
        ("scan_s", "scan runtime (s)"),
        ("scan_faults", "scan page faults"),
        ("scan_sys_s", "scan system CPU (s)"),
        ("mix_s", "90/10 mix runtime (s)"),
        ("mix_faults", "90/10 mix page faults"),
        ("mix_sys_s", "90/10 mix system CPU (s)"),
    ]
    for key, label in metrics:
        cells = []
        for tier, kernel in TIERS:
            row = b.add(f"tier.{tier}.{key}", f"{label}, {tier}", key.rsplit("_", 1)[-1],
                        b.per_round(kernel, f"tier.{tier}.{key}"))
            cells.append(fmt(row, 1 if "mib" in key or key.endswith("_s") else 0))
        ratio = b.ratio_per_round(("patched", f"tier.cram.{key}"), ("vanilla", f"tier.zswap.{key}"))
        rrow = b.add(f"tier.cram_vs_zswap.{key}", f"{label}, CRAM / zswap", "ratio", ratio)
        cells.append(fmt(rrow, 2))
        md.append(f"| {label} | " + " | ".join(cells) + " |")
    for phase in ("scan", "mix"):
        for tier, kernel in TIERS[1:]:
            b.add(f"tier.{tier}_vs_none.{phase}_s", f"{phase} runtime, {tier} / none", "ratio",
                  b.ratio_per_round((kernel, f"tier.{tier}.{phase}_s"), ("vanilla", f"tier.none.{phase}_s")))
    rs = {r["id"]: r for r in b.results}
    md.append("")
    md.append("Runtime relative to no tier: scan zswap %s, CRAM %s; mix zswap %s, CRAM %s." % (
        fmt(rs["tier.zswap_vs_none.scan_s"]), fmt(rs["tier.cram_vs_none.scan_s"]),
        fmt(rs["tier.zswap_vs_none.mix_s"]), fmt(rs["tier.cram_vs_none.mix_s"])))
    intact = [v for t, k in TIERS for v in b.per_round(k, f"tier.{t}.scan_intact")]
    md.append(f"Data checked on every scan pass: {'intact' if intact and min(intact) == 1 else 'NOT INTACT'} "
              f"in {len(intact)} runs.")

    # 4 and 5: demotion and promotion.
    md.append("\n### Demotion and promotion\n")
    md.append("| | CRAM (patched) | baseline (vanilla) | CRAM / baseline |")
    md.append("|---|---|---|---|")
    dem = b.add("demote.cram.mib_s", "demotion into CRAM", "MiB/s", b.per_round("patched", "demote.cram.mib_s"))
    mov = b.add("move.raw.mib_s", "move_pages node0 -> node1", "MiB/s", b.per_round("vanilla", "move.raw.mib_s"))
    rat = b.add("demote_vs_move", "demotion / move_pages", "ratio",
                b.ratio_per_round(("patched", "demote.cram.mib_s"), ("vanilla", "move.raw.mib_s")))
    md.append(f"| 64 MiB to node1, MiB/s (CRAM: memory.reclaim demotes; baseline: move_pages "
              f"to node1 as ordinary memory) | {fmt(dem, 1)} | {fmt(mov, 1)} | {fmt(rat)} |")
    for key, label in (("p50_us", "write fault to resume, p50 (us)"),
                       ("p99_us", "write fault to resume, p99 (us)"),
                       ("mean_us", "write fault to resume, mean (us)"),
                       ("faults_per_write", "page faults per write")):
        c = b.add(f"latency.cram.{key}", f"{label}, CRAM promotion",
                  "faults" if key == "faults_per_write" else "us",
                  b.per_round("patched", f"latency.cram.{key}"))
        unit = "faults" if key == "faults_per_write" else "us"
        z = b.add(f"latency.zswap.{key}", f"{label}, zswap swap-in", unit,
                  b.per_round("vanilla", f"latency.zswap.{key}"))
        r = b.add(f"latency.cram_vs_zswap.{key}", f"{label}, CRAM / zswap", "ratio",
                  b.ratio_per_round(("patched", f"latency.cram.{key}"), ("vanilla", f"latency.zswap.{key}")))
        md.append(f"| {label} (baseline: zswap swap-in) | {fmt(c, 1)} | {fmt(z, 1)} | {fmt(r)} |")
    md.append("\n2048 pages of 2:1 data reclaimed out of node0 by memory.reclaim of the "
              "benchmark's cgroup (CRAM: demoted; zswap: compressed), then one byte "
              "written to each in random order, page-cluster 0 (no swap readahead).")

    # 6: the bear.
    md.append("\n### The bear: two writers of random bytes\n")
    md.append("| | CRAM (patched) | swap only (vanilla) |")
    md.append("|---|---|---|")
    for key, label in (("write_mib_s", "write throughput (MiB/s)"),
                       ("demoted", "pages demoted to CRAM"),
                       ("refused", "demotions refused (pressure)"),
                       ("promoted", "pages promoted (written on CRAM)"),
                       ("swapped_out", "pages swapped out"),
                       ("device_releases", "device releases (evicted, promoted or freed)"),
                       ("high_events", "device high-watermark events"),
                       ("refused_pct", "demotions refused (% of attempts)"),
                       ("refused_after_high_pct", "demotions refused after the first high event (% of attempts)"),
                       ("lost_writes", "lost_writes"),
                       ("media_after_exit_bytes", "media used 3 s after exit (bytes)")):
        c = b.add(f"bear.cram.{key}", f"bear {label}, CRAM", key, b.per_round("patched", f"bear.cram.{key}"))
        s = b.add(f"bear.swap.{key}", f"bear {label}, swap only", key, b.per_round("vanilla", f"bear.swap.{key}"))
        sc = fmt(s, 1 if key == "write_mib_s" else 0) if key in ("write_mib_s", "swapped_out") else "-"
        md.append(f"| {label} | {fmt(c, 1 if key == 'write_mib_s' else 0)} | {sc} |")
    b.add("bear.cram_vs_swap.write_mib_s", "bear write throughput, CRAM / swap only", "ratio",
          b.ratio_per_round(("patched", "bear.cram.write_mib_s"), ("vanilla", "bear.swap.write_mib_s")))
    md += thp_section(b)
    md += kv_section(b)
    md += READING
    md = goals_section(b) + md
    return md


READING = ["\n### How to read these figures\n",
           "- **Cost.** TCG wall-clock time cannot resolve 1%: identical machine code "
           "varies by up to 2x between boots. The headline is the instruction count "
           "under `-icount`, which is exact to a few instructions; the wall-clock "
           "columns are there to show that noise.",
           "- **Tiers.** Every tier starts with the same free DRAM on node0; what "
           "differs is where cold memory goes. CRAM adds a device, so this is the "
           "comparison a user makes (the same DRAM, with or without the device), not "
           "an equal-memory one. zswap's pool is carved out of node0's DRAM; *none* "
           "saves nothing and pays in disk I/O.",
           "- **The emulated device** (`cram_emu`) keeps its media in ordinary DRAM "
           "and compresses each page in software to account for it. Reads from CRAM "
           "therefore cost DRAM speed, where a real device adds latency to every "
           "access: runtime ratios in CRAM's favour are an upper bound, fault counts "
           "are not. The software compression is a cost a device compressing inline "
           "would not have.",
           "- **Demotion and promotion** figures are wall-clock times from different "
           "boots: indicative only under TCG. A promotion takes one fault per write, "
           "as a zswap swap-in does.",
           "- **The bear** writes random (incompressible) data as fast as it can, the "
           "worst case for a compressed tier: the device fills its media with pages "
           "that do not compress, and its pressure signal has to push demoters back "
           "without losing a write."]


def thp_section(b):
    md = ["\n### The tiers with THP\n"]
    md.append("The tier workload again, its buffer 2 MiB aligned and advised "
              "`MADV_HUGEPAGE` (the 4 KiB runs above advise `MADV_NOHUGEPAGE`). Event "
              "counts are `/proc/vmstat` deltas over the fill (and 3 s after it). The "
              "probe writes one byte at the start of up to 32 2 MiB regions none of whose "
              "pages is on node0 (regions wholly on node1 first), right after the fill, "
              "and counts the region's pages on node0 after.\n")
    md.append("| | none, THP | zswap, THP | CRAM, THP | CRAM, 4 KiB |")
    md.append("|---|---|---|---|---|")
    cols = [("none-thp", "vanilla"), ("zswap-thp", "vanilla"), ("cram-thp", "patched"),
            ("cram", "patched")]
    rows = [("fill_thp_fault_alloc", "THPs allocated by the fill", 0),
            ("fill_thp_migration_success", "THPs demoted whole", 0),
            ("fill_thp_migration_split", "THPs split to demote", 0),
            ("fill_pgdemote_kswapd", "pages demoted by kswapd", 0),
            ("fill_pgdemote_direct", "pages demoted by direct reclaim", 0),
            ("fill_thp_split_page", "THPs split (any reason)", 0),
            ("fill_thp_swpout", "THPs swapped out whole", 0),
            ("fill_thp_swpout_fallback", "THPs split to swap out", 0),
            ("fill_pswpout", "pages swapped out", 0),
            ("on_node0_mib", "after fill: MiB on node0", 1),
            ("on_node1_mib", "after fill: MiB on node1 (CRAM)", 1),
            ("swapped_mib", "after fill: MiB out (swap/zswap)", 1),
            ("media_mib", "after fill: CRAM media used (MiB)", 1),
            ("saved_mib", "memory saved after fill (MiB)", 1),
            ("scan_s", "scan runtime (s)", 1),
            ("mix_s", "90/10 mix runtime (s)", 1),
            ("mix_cram_split", "mix: THPs split by CRAM's write fault", 0),
            ("mix_thp_split_page", "mix: THPs split (any reason)", 0),
            ("mix_pswpin", "mix: pages swapped in", 0),
            ("regions_off_node0", "after fill: 2 MiB regions with no page on node0", 0),
            ("regions_whole_on_node1", "after fill: 2 MiB regions wholly on node1", 0),
            ("probe_regions", "probe: regions written (wholly on node1 first)", 0),
            ("probe_pages_to_node0", "probe: pages brought to node0 per 4 KiB write", 1),
            ("probe_cram_split", "probe: THPs split by CRAM's fault", 0),
            ("probe_cram_copied", "probe: pages copied to DRAM", 0),
            ("probe_cram_promoted", "probe: pages promoted", 0),
            ("probe_pswpin", "probe: pages swapped in", 0)]
    for key, label, digits in rows:
        cells = []
        for tier, kernel in cols:
            row = b.add(f"tier.{tier}.{key}", f"{label}, {tier}", key.rsplit("_", 1)[-1],
                        b.per_round(kernel, f"tier.{tier}.{key}"))
            cells.append(fmt(row, digits) if row.get("values") else "-")
        md.append(f"| {label} | " + " | ".join(cells) + " |")
    return md


def kv_section(b):
    md = ["\n### A real application: redis-server\n"]
    md.append("Debian's `redis-server` (7.0, jemalloc, THP disabled by its default "
              "`disable-thp`) on a Unix socket, zswap's `max_pool_percent` at 10 (about "
              "99 MiB, half the free DRAM: at the default 20 the pool takes all of it and the "
              "OOM killer takes redis), loaded by `guest/programs/pmn_kv.c` with "
              "360000 keys of 1000-byte 2:1 compressible values (about 380 MiB in redis), "
              "node0 cut to about 192 MiB free: half the data set fits in DRAM. Then "
              "10000 requests to warm up and 40000 timed, one at a time: 95% GET, 5% "
              "SET, keys Zipf-distributed (exponent 0.99, YCSB's) with the ranks "
              "scattered over the key space. Every GET is checked against the value "
              "last written. All three tiers run on the patched kernel with the same "
              "DRAM, in one boot per round, odd rounds swap-zswap-CRAM and even rounds "
              "the reverse. Memory figures are taken at the end of the run.\n")
    md.append("| | swap only | zswap | CRAM | CRAM / zswap | CRAM / swap only |")
    md.append("|---|---|---|---|---|---|")
    rows = [("ops_per_s", "throughput (requests/s)", 0, True),
            ("p50_us", "latency p50 (us)", 1, True),
            ("p99_us", "latency p99 (us)", 1, True),
            ("get_p99_us", "GET latency p99 (us)", 1, True),
            ("set_p50_us", "SET latency p50 (us)", 1, True),
            ("load_s", "load time (s)", 1, True),
            ("used_memory_mib", "redis used_memory (MiB)", 1, False),
            ("node0_mib", "redis memory on node0 (MiB)", 1, False),
            ("cram_node_mib", "redis memory on the CRAM node (MiB)", 1, False),
            ("swap_mib", "redis memory swapped out (MiB)", 1, False),
            ("zswap_pool_mib", "zswap pool, in DRAM (MiB)", 1, False),
            ("media_mib", "CRAM device media used (MiB)", 1, False),
            ("dram_saved_mib", "DRAM saved: off node0, minus the zswap pool (MiB)", 1, False),
            ("mismatches", "GETs returning a wrong value", 0, False)]
    for key, label, digits, ratios in rows:
        cells = []
        for tier, _ in KV_TIERS:
            row = b.add(f"kv.{tier}.{key}", f"redis {label}, {tier}", key.rsplit("_", 1)[-1],
                        b.per_round("patched", f"kv.{tier}.{key}"))
            cells.append(fmt(row, digits))
        for other in ("zswap", "swap"):
            if ratios:
                r = b.add(f"kv.cram_vs_{other}.{key}", f"redis {label}, CRAM / {other}", "ratio",
                          b.ratio_per_round(("patched", f"kv.cram.{key}"), ("patched", f"kv.{other}.{key}")))
                cells.append(fmt(r))
            else:
                cells.append("-")
        md.append(f"| {label} | " + " | ".join(cells) + " |")
    md.append("\nWhat the emulation does to this comparison: `cram_emu` keeps its "
              "\"device\" in ordinary DRAM, so a GET of a value demoted to CRAM reads at "
              "DRAM speed with no fault at all, where real CXL-attached compressed memory "
              "adds its access latency (a few hundred ns more per cache miss) and zswap "
              "and swap pay a fault and a decompression or a disk read. The CRAM read "
              "figures are therefore a best case for the device; the write path (the "
              "promotion fault on a SET to a demoted value) is the kernel's real cost. "
              "The compression ratio the emulated device reports is LZ4 on the same "
              "data, computed in software.")
    return md


def goals_section(b):
    """The issue's goals, each with its figure and whether it is met."""
    rs = {r["id"]: r for r in b.results}

    def med(rid):
        r = rs.get(rid, {})
        return r.get("median"), fmt(r, 3) if r.get("values") else "n/a"

    md = ["### Goals\n", "| goal | figure | met |", "|---|---|---|"]

    def goal(label, rid, test):
        m, text = med(rid)
        ok = "n/a" if m is None else ("yes" if test(m) else "**no**")
        md.append(f"| {label} | {text} | {ok} |")

    goal("order-0 alloc+free, no private node, instructions: 1.000 of vanilla",
         "cost.bare.order0_pair_ns", lambda m: round(m, 3) <= 1.000)
    goal("order-0 alloc+free, nodes online, instructions: <= 1.005",
         "cost.nodes.order0_pair_ns", lambda m: m <= 1.005)
    goal("first-touch fault, nodes online, instructions: <= 1.005",
         "cost.nodes.per_s", lambda m: m <= 1.005)
    goal("page faults per promoted write: 1.0", "latency.cram.faults_per_write",
         lambda m: abs(m - 1.0) < 0.005)
    goal("promotion p50 <= zswap swap-in p50 (ratio)", "latency.cram_vs_zswap.p50_us",
         lambda m: m <= 1.0)
    if rs.get("bear.cram.refused_after_high_pct", {}).get("values"):
        goal("bear: demotions refused after the first high event <= 10% of attempts",
             "bear.cram.refused_after_high_pct", lambda m: m <= 10)
    else:
        goal("bear: demotions refused <= 10% of attempts (no high event in any round: "
             "over the whole run)", "bear.cram.refused_pct", lambda m: m <= 10)
    goal("bear: lost_writes 0", "bear.cram.lost_writes", lambda m: m == 0)
    goal("redis: GETs returning a wrong value, CRAM: 0", "kv.cram.mismatches", lambda m: m == 0)
    md.append("")
    return md


def plot(bench, out_dir, png_dir):
    """Write the chart's data files and bench.png with gnuplot."""
    rs = {r["id"]: r for r in bench.results}
    d = os.path.join(out_dir, "bench-plot")
    os.makedirs(d, exist_ok=True)

    def row(f, label, *ids):
        cells = []
        for i in ids:
            r = rs.get(i, {})
            cells += [r.get("median", 0), r.get("min", 0), r.get("max", 0)]
        f.write(f'"{label}" ' + " ".join(f"{c:.4f}" for c in cells) + "\n")

    with open(os.path.join(d, "cost.dat"), "w") as f:
        short = ["order-0 pair", "order-0 batch", "order-9 pair", "kmalloc(64)", "fault"]
        for (k, _), label in zip(ALLOC_CASES + [("per_s", "")], short):
            row(f, label, f"cost.bare.{k}", f"cost.nodes.{k}")
    with open(os.path.join(d, "tier.dat"), "w") as f:
        for phase in ("scan", "mix"):
            row(f, phase, f"tier.zswap_vs_none.{phase}_s", f"tier.cram_vs_none.{phase}_s")
    with open(os.path.join(d, "latency.dat"), "w") as f:
        for k in ("p50_us", "p99_us"):
            row(f, k.split("_")[0], f"latency.zswap.{k}", f"latency.cram.{k}")
    # The bear of the middle round, patched kernel.
    mid = bench.rounds[len(bench.rounds) // 2] if bench.rounds else None
    series = bench.runs.get(("patched", mid), ({}, {}))[1].get("bear.cram.series", [])
    with open(os.path.join(d, "bear.dat"), "w") as f:
        for s in series:
            f.write(" ".join(f"{x:.0f}" for x in s) + "\n")
    gp = f"""
set terminal png size 1400,1000 font ",11"
set output "{os.path.join(png_dir, 'bench.png')}"
set multiplot layout 2,2 title "make bench: median over {len(bench.rounds)} round(s), bars show min-max"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.6 border -1
set key top left
set grid ytics
set title "Cost: patched / vanilla instructions per op (QEMU -icount)"
set yrange [0.8:1.2]
plot "{d}/cost.dat" using 2:3:4:xtic(1) title "no private node", "" using 5:6:7 title "nodes online", 1 with lines lc "black" notitle
set title "Runtime relative to no tier (vanilla, swap only)"
set autoscale y
set yrange [0:*]
plot "{d}/tier.dat" using 2:3:4:xtic(1) title "zswap", "" using 5:6:7 title "CRAM", 1 with lines lc "black" notitle
set title "Write to reclaimed page: fault-to-resume latency (us)"
plot "{d}/latency.dat" using 2:3:4:xtic(1) title "zswap swap-in", "" using 5:6:7 title "CRAM promotion"
set title "The bear on CRAM (round {mid})"
set style data lines
set xlabel "seconds"
set ylabel "MiB"
set y2label "pressure (0-1000)"
set y2range [0:1100]
set y2tics
set ytics nomirror
plot "{d}/bear.dat" using 1:2 title "written by the writers (MiB)" lw 2, "" using 1:3 title "device media used (MiB)" lw 2, "" using 1:4 axes x1y2 title "pressure" lw 2
unset multiplot
"""
    with open(os.path.join(d, "bench.gp"), "w") as f:
        f.write(gp)
    subprocess.run(["gnuplot", os.path.join(d, "bench.gp")], check=True)


def log_matches(runs_dir, pattern, kernel="*"):
    """Every match of @pattern at the start of a line of the boots' logs."""
    for path in sorted(glob.glob(os.path.join(runs_dir, f"{kernel}-*.log"))):
        with open(path) as f:
            for line in f:
                m = re.match(pattern, line)
                if m:
                    yield m


def guest_kernels(runs_dir):
    """The "# KERNEL kernel RELEASE" line of each kind of boot."""
    seen = {}
    for m in log_matches(runs_dir, r"# (patched|vanilla) kernel ([^\s,]+)"):
        seen.setdefault(m.group(1), m.group(2))
    return seen


def pass_nodes(runs_dir):
    """The private nodes each pass of the patched kernel had, as recorded."""
    found = {}
    for m in log_matches(runs_dir, r"# private nodes in pass (\w+): *(.*)", "patched"):
        found.setdefault(m.group(1), m.group(2).strip() or "none")
    if not found:
        return ("Private nodes in each pass of the patched kernel: not recorded by "
                "this run's guest/jobs/bench.sh.")
    return ("Private nodes in each pass of the patched kernel: " +
            "; ".join(f"{k}: {v}" for k, v in found.items()) + ".")


def main():
    # --cost RUNS_DIR: the cost table alone, from -icount boots alone
    # ('make bench-cost'); the wall-clock columns are then n/a.
    if sys.argv[1] == "--cost":
        runs = load(sys.argv[2])
        if not runs:
            sys.exit(f"no bench runs in {sys.argv[2]}")
        print("\n".join(cost_section(Bench(runs), "TCG wall-clock")))
        return
    runs_dir, results_dir, docs_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    runs = load(runs_dir)
    if not runs:
        sys.exit(f"no bench runs in {runs_dir}")
    bench = Bench(runs)
    mach = machine()
    mach["guest_kernels"] = guest_kernels(runs_dir)
    md = build(bench, mach["accel"])
    # The run's date: when its last boot ended, not when this report is written.
    last = max(os.path.getmtime(p) for p in glob.glob(os.path.join(runs_dir, "*-*.log")))
    when = datetime.datetime.fromtimestamp(last, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    kernels = ", ".join(f"{k} {v}" for k, v in sorted(mach["guest_kernels"].items()))
    head = ["# Benchmark results", "",
            "Written by `make bench` (scripts/bench.sh, scripts/bench-report.py); do not "
            "edit by hand. What each benchmark does: guest/jobs/bench.sh, "
            "guest/programs/pmn_bench.c and guest/programs/pmn_kv.c.", "",
            f"- Run: {when}, {len(bench.rounds)} round(s) of each kernel, project commit "
            f"{mach['project_commit']}.",
            f"- Guest kernels: {kernels}; bench config (kernel/configs/bench.config): "
            "-O2, no debugging.",
            f"- Host: {mach['host_cpu']}, {mach['host_cpus']} CPUs, Linux {mach['host_kernel']}; "
            f"{mach['qemu']}, {mach['accel'].upper()}.",
            f"- Guest: {mach['guest']}.",
            f"- {pass_nodes(runs_dir)}", "",
            "Figures are median [min-max] over the rounds. Under TCG absolute times mean "
            "little; ratios between boots carry the boot-to-boot noise their spread shows.",
            "", "![make bench](bench.png)", ""]
    text = "\n".join(head + md) + "\n"
    os.makedirs(docs_dir, exist_ok=True)
    os.makedirs(results_dir, exist_ok=True)
    with open(os.path.join(docs_dir, "bench.md"), "w") as f:
        f.write(text)
    with open(os.path.join(results_dir, "bench.json"), "w") as f:
        json.dump({"command": "make bench", "date": when, "machine": mach,
                   "rounds": bench.rounds,
                   "results": bench.results,
                   "runs": {f"{k}-{r}": {"values": v, "series": s}
                            for (k, r), (v, s) in sorted(runs.items())}},
                  f, indent=1)
    plot(bench, results_dir, docs_dir)
    print(text)
    print(f"Written: {docs_dir}/bench.md, {docs_dir}/bench.png, {results_dir}/bench.json")


if __name__ == "__main__":
    main()
