#!/usr/bin/env python3
"""Tables (Markdown, on stdout) and SVG plots (gnuplot) of the cost-curve runs in this directory.

run.sh writes one JSON file per JMH invocation and round (`inproc-jdk17-e10000-t1-r1.json`, ...). This
script pools the rounds: a figure's mean and its 99.9% interval (Student's t, as JMH computes its error)
are over every measured iteration of every round. Ratios carry both sides' errors, combined as relative
errors (root of the sum of squares). Percentiles of the mixed workload come from the pooled histograms of
all rounds; beside them, the lowest and highest value a single round gave.

Usage: python3 report.py [directory]   (default: this script's directory; needs scipy, and gnuplot for plots)
"""
import glob
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict

from scipy.stats import t as student

here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
SIZES = (10000, 100000, 1000000)
THREADS = (1, 2, 4)


def interval(values):
    """Mean and half-width of its 99.9% interval (Student's t), as JMH computes a score's error."""
    n = len(values)
    m = sum(values) / n
    if n < 2:
        return m, float("nan")
    sd = math.sqrt(sum((x - m) ** 2 for x in values) / (n - 1))
    return m, student.ppf(0.9995, n - 1) * sd / math.sqrt(n)


class Figure:
    """Iteration scores pooled over rounds, with the allocation per operation if profiled."""

    def __init__(self, unit):
        self.unit = unit
        self.scores = []
        self.cpu = []  # CPU ns per operation, per iteration (CpuTime counters), if counted
        self.allocs = []
        self.histograms = []  # per round: {value: count}
        self.rounds = set()  # the rounds pooled into it

    @property
    def mean(self):
        return interval(self.scores)[0]

    @property
    def error(self):
        return interval(self.scores)[1]

    def cpu_figure(self):
        """The CPU time per operation as a Figure of its own (ns/op), or None if not counted."""
        if not self.cpu:
            return None
        f = Figure("ns/op")
        f.scores = self.cpu
        return f

    @property
    def alloc(self):
        return sum(self.allocs) / len(self.allocs) if self.allocs else None

    def percentile(self, p, histograms=None):
        merged = defaultdict(int)
        for h in histograms if histograms is not None else self.histograms:
            for v, c in h.items():
                merged[v] += c
        total = sum(merged.values())
        if not total:
            return float("nan")
        rank = p / 100.0 * total
        seen = 0
        for v in sorted(merged):
            seen += merged[v]
            if seen >= rank:
                return v
        return max(merged)

    def percentile_range(self, p):
        values = [self.percentile(p, [h]) for h in self.histograms]
        return min(values), max(values)


def collect(pattern, keyfn):
    """Figures by key over every JSON file matching pattern (a regex on the file name)."""
    figures = {}
    rounds = set()
    for path in sorted(glob.glob(os.path.join(here, "*.json"))):
        m = re.fullmatch(pattern, os.path.basename(path))
        if not m:
            continue
        try:
            runs = json.load(open(path))
        except ValueError:  # a run still in progress, or one that failed before writing its results
            print(f"(skipped {os.path.basename(path)}: no results)", file=sys.stderr)
            continue
        rounds.add(m.group("round"))
        for r in runs:
            method = r["benchmark"].rsplit(".", 1)[1]
            key = keyfn(m, method, r)
            pm = r["primaryMetric"]
            f = figures.setdefault(key, Figure(pm["scoreUnit"]))
            f.rounds.add(m.group("round"))
            if "rawDataHistogram" in pm:
                histogram = defaultdict(int)
                for fork in pm["rawDataHistogram"]:
                    for iteration in fork:
                        total = sum(c for _, c in iteration)
                        f.scores.append(sum(v * c for v, c in iteration) / total)
                        for v, c in iteration:
                            histogram[v] += c
                f.histograms.append(histogram)
            else:
                for fork in pm["rawData"]:
                    f.scores.extend(fork)
            secondary = r.get("secondaryMetrics", {})
            if "cpuNanos" in secondary and "ops" in secondary:
                for cpu_fork, ops_fork in zip(secondary["cpuNanos"]["rawData"], secondary["ops"]["rawData"]):
                    f.cpu.extend(c / o for c, o in zip(cpu_fork, ops_fork) if o > 0)
            alloc = secondary.get("gc.alloc.rate.norm")
            if alloc:
                f.allocs.append(alloc["score"])
    return figures, len(rounds)


def fmt(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:,.1f}" if abs(x) >= 10 else f"{x:,.2f}" if abs(x) >= 0.1 else f"{x:.3g}"


def cell(f):
    return f"{fmt(f.mean)} ± {fmt(f.error)} {f.unit}"


def ratio(a, ea, b, eb):
    r = a / b
    return r, r * math.sqrt((ea / a) ** 2 + (eb / b) ** 2)


def rcell(a, b):
    r, e = ratio(a.mean, a.error, b.mean, b.error)
    return f"{r:.2f}x ± {e:.2f}"


def alloc_cell(f):
    return f"{f.alloc:,.0f}" if f.alloc is not None else "n/a"


plots = []
jdks = sorted({re.search(r"-jdk(\d+)", f).group(1) for f in glob.glob(os.path.join(here, "*-jdk*.json"))}, key=int)

for jdk in jdks:
    inproc, n_rounds = collect(rf"inproc-jdk{jdk}-e(?P<entries>\d+)-t(?P<threads>\d+)-r(?P<round>\d+)\.json",
                               lambda m, method, r: (method, int(m.group("entries")), int(m.group("threads"))))
    if inproc:
        cpu = {k: f.cpu_figure() for k, f in inproc.items()}
        for t in THREADS:
            rounds = len(set().union(*(f.rounds for k, f in inproc.items() if k[2] == t)))
            print(f"\n### In-process hit vs Caffeine, {t} thread(s), JDK {jdk} ({rounds} round(s) of one fork each, pooled)\n")
            print("| entries | `adaptiveHit` CPU | `caffeineHit` CPU | ratio (CPU) | `adaptiveHit` wall | `caffeineHit` wall | ratio (wall) | B/op ours / Caffeine |")
            print("|---|---|---|---|---|---|---|---|")
            for e in SIZES:
                a, b = inproc.get(("adaptiveHit", e, t)), inproc.get(("caffeineHit", e, t))
                if a and b:
                    ca, cb = cpu[("adaptiveHit", e, t)], cpu[("caffeineHit", e, t)]
                    print(f"| {e:,} | {cell(ca)} | {cell(cb)} | {rcell(ca, cb)} | {cell(a)} | {cell(b)} | "
                          f"{rcell(a, b)} | {alloc_cell(a)} / {alloc_cell(b)} |")
        for t in THREADS:
            rounds = len(set().union(*(f.rounds for k, f in inproc.items() if k[2] == t)))
            print(f"\n### In-process miss then load vs Caffeine, {t} thread(s), JDK {jdk} ({rounds} round(s) of one fork each, pooled)\n")
            print("| entries | `adaptiveMissLoad` CPU | `caffeineMissLoad` CPU | ratio (CPU) | `buildKeyOnly` CPU | ratio net of the key (CPU) | `adaptiveMissLoad` wall | `caffeineMissLoad` wall | ratio (wall) | B/op ours / Caffeine |")
            print("|---|---|---|---|---|---|---|---|---|---|")
            for e in SIZES:
                a, b, k = (inproc.get((m, e, t)) for m in ("adaptiveMissLoad", "caffeineMissLoad", "buildKeyOnly"))
                if a and b and k:
                    ca, cb, ck = (cpu[(m, e, t)] for m in ("adaptiveMissLoad", "caffeineMissLoad", "buildKeyOnly"))
                    na, nb = ca.mean - ck.mean, cb.mean - ck.mean
                    ea, eb = math.hypot(ca.error, ck.error), math.hypot(cb.error, ck.error)
                    net = "n/a" if nb <= 0 or na <= 0 else "{:.2f}x ± {:.2f}".format(*ratio(na, ea, nb, eb))
                    print(f"| {e:,} | {cell(ca)} | {cell(cb)} | {rcell(ca, cb)} | {cell(ck)} | {net} | {cell(a)} | "
                          f"{cell(b)} | {rcell(a, b)} | {alloc_cell(a)} / {alloc_cell(b)} |")

        for op, ours, base, title in (("hit", "adaptiveHit", "caffeineHit", "In-process hit"),
                                      ("missload", "adaptiveMissLoad", "caffeineMissLoad",
                                       "Miss then load (key built per call)")):
            dat = os.path.join(here, f"inproc-{op}-jdk{jdk}.dat")
            series = [(m, t) for t in THREADS for m in (ours, base) if any((m, e, t) in cpu for e in SIZES)]
            with open(dat, "w") as f:
                for e in SIZES:
                    row = [str(e)]
                    for m, t in series:
                        x = cpu.get((m, e, t))
                        row += [str(x.mean), str(x.error)] if x else ["?", "?"]
                    f.write(" ".join(row) + "\n")
            lines = ", ".join(
                f"'{dat}' using 1:{2 + 2 * i}:{3 + 2 * i} with yerrorlines lc {THREADS.index(t) + 1} "
                f"dt {1 if m == ours else 2} title '{'AdaptiveCache' if m == ours else 'Caffeine'}, {t} thr'"
                for i, (m, t) in enumerate(series))
            plots.append(f"""
set terminal svg size 720,440 dynamic font 'sans,11'
set datafile missing '?'
set output '{here}/inproc-{op}-jdk{jdk}.svg'
set title "{title} vs Caffeine by entries held, JDK {jdk}: CPU time per op (99.9% error bars)"
set xlabel 'entries held'
set ylabel 'CPU ns/op (sum over threads)'
set logscale x
unset logscale y
set yrange [0:*]
set xrange [7000:1400000]
set grid
set key outside right
set xtics ('10k' 10000, '100k' 100000, '1M' 1000000)
plot {lines}
unset logscale
set xtics auto
set key default
""")
        dat = os.path.join(here, f"inproc-ratio-jdk{jdk}.dat")
        series = [(o, b, t) for o, b in (("adaptiveHit", "caffeineHit"), ("adaptiveMissLoad", "caffeineMissLoad"))
                  for t in THREADS if any((o, e, t) in cpu for e in SIZES)]
        with open(dat, "w") as f:
            for e in SIZES:
                row = [str(e)]
                for o, b, t in series:
                    x, y = cpu.get((o, e, t)), cpu.get((b, e, t))
                    row += list(map(str, ratio(x.mean, x.error, y.mean, y.error))) if x and y else ["?", "?"]
                f.write(" ".join(row) + "\n")
        lines = ", ".join(
            f"'{dat}' using 1:{2 + 2 * i}:{3 + 2 * i} with yerrorlines lc {THREADS.index(t) + 1} "
            f"dt {1 if o == 'adaptiveHit' else 2} title '{'hit' if o == 'adaptiveHit' else 'miss+load'}, {t} thr'"
            for i, (o, _, t) in enumerate(series))
        plots.append(f"""
set terminal svg size 720,440 dynamic font 'sans,11'
set datafile missing '?'
set output '{here}/inproc-ratio-jdk{jdk}.svg'
set title "AdaptiveCache / Caffeine (CPU time per op) by entries held, JDK {jdk} (99.9% error bars)"
set xlabel 'entries held'
set ylabel 'ratio to Caffeine, same run'
set logscale x
set yrange [0:*]
set xrange [7000:1400000]
set grid
set key outside right
set xtics ('10k' 10000, '100k' 100000, '1M' 1000000)
plot {lines}, 1.2 with lines dt 3 lc rgb 'black' title 'hit target 1.2x', 1.5 with lines dt 4 lc rgb 'red' title 'miss target 1.5x'
unset logscale
set xtics auto
set key default
""")

    mixed, n_rounds = collect(rf"mixed-jdk{jdk}-r(?P<round>\d+)\.json",
                              lambda m, method, r: (method, r["params"]["impl"]))
    if mixed:
        print(f"\n### Mixed workload, JDK {jdk} ({n_rounds} round(s) of one fork each; 1 thread)\n")
        print("Mean ± 99.9% interval over iterations; percentiles of the pooled samples, "
              "with [lowest, highest] of a single round.\n")
        print("| operation | serves it | mean | throughput | p50 | p99 | p99.9 | mean vs `handRolled` |")
        print("|---|---|---|---|---|---|---|---|")
        impls = ("adaptive", "handRolled", "caffeineOnly")
        for method, label in (("mixAll", "all (95% reads)"), ("mixRead", "read"), ("mixWrite", "write")):
            for impl in impls:
                f = mixed.get((method, impl))
                if not f:
                    continue
                base = mixed.get((method, "handRolled"))
                thr = f"{1e6 / f.mean:,.0f} ops/s" if method == "mixAll" else ""
                pct = []
                for p in (50, 99, 99.9):
                    lo, hi = f.percentile_range(p)
                    pct.append(f"{fmt(f.percentile(p))} [{fmt(lo)}, {fmt(hi)}]")
                vs = rcell(f, base) if base and impl != "handRolled" else ""
                print(f"| {label} | `{impl}` | {cell(f)} | {thr} | {' | '.join(pct)} | {vs} |")
        dat = os.path.join(here, f"mixed-jdk{jdk}.dat")
        with open(dat, "w") as out:
            i = 0
            for method, label in (("mixRead", "read"), ("mixWrite", "write"), ("mixAll", "all")):
                for impl in impls:
                    f = mixed.get((method, impl))
                    if f:
                        out.write(f"{i} {f.percentile(50)} {f.percentile(99)} {f.percentile(99.9)} "
                                  f"\"{label}\\n{impl}\"\n")
                    i += 1
                i += 1
        plots.append(f"""
set terminal svg size 820,440 dynamic font 'sans,10'
set output '{here}/mixed-jdk{jdk}.svg'
unset xlabel
set title "Mixed workload (1,000 symbols, Zipf, 95% reads), latency per operation, JDK {jdk}"
set ylabel 'us/op (log)'
set logscale y
set yrange [*:*]
set xrange [-1:12]
set style fill solid 0.6
set boxwidth 0.25
set grid ytics
set key top left
set xtics rotate by 0 font ',8'
plot '{dat}' using ($1-0.28):2 with boxes title 'p50', '' using 1:3:xtic(5) with boxes title 'p99', \\
     '' using ($1+0.28):4 with boxes title 'p99.9'
unset logscale
set xtics auto
""")

    breakdown, n_rounds = collect(rf"breakdown-jdk{jdk}-r(?P<round>\d+)\.json", lambda m, method, r: method)
    if breakdown:
        print(f"\n### Miss then load, one suspect at a time, JDK {jdk} (one fork per round)\n")
        print("| benchmark | rounds | CPU time | vs its Caffeine baseline (CPU) | wall time | vs its Caffeine baseline (wall) | B/op |")
        print("|---|---|---|---|---|---|---|")
        for m, base in (("adaptiveDefault", "caffeine"), ("adaptiveFlatTtl", "caffeine"),
                        ("adaptiveFlatTtlStringValue", "caffeineStringValue"), ("caffeine", "caffeine"),
                        ("caffeineStringValue", "caffeineStringValue"), ("marketExpiryOnly", None)):
            f = breakdown.get(m)
            if f:
                c = f.cpu_figure()
                has_base = base and base in breakdown
                vs = f"{rcell(f, breakdown[base])} (`{base}`)" if has_base else ""
                vs_cpu = f"{rcell(c, breakdown[base].cpu_figure())}" if has_base and c else ""
                vs = vs if m != base else ""
                vs_cpu = vs_cpu if m != base else ""
                print(f"| `{m}` | {len(f.rounds)} | {cell(c) if c else 'n/a'} | {vs_cpu} | {cell(f)} | {vs} | {alloc_cell(f)} |")

if plots and shutil.which("gnuplot"):
    subprocess.run(["gnuplot"], input="\n".join(plots), text=True, check=True)
    print("\nPlots: " + ", ".join(sorted(os.path.basename(p) for p in glob.glob(os.path.join(here, "*.svg")))))
elif plots:
    print("\n(gnuplot not found: no plots)")
