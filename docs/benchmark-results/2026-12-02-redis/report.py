#!/usr/bin/env python3
"""Tables (Markdown, on stdout) and SVG plots of the interleaved Redis runs in this directory.

Standalone (run.sh: RedisTierHitBenchmark, RedisBatchBenchmark) and Cluster (run-cluster.sh:
RedisClusterBatchBenchmark) results may share a directory: the Cluster rows get a table section and a plot
of their own (cluster-batch-curve-jdk*.svg).

Each round is one fork; a figure pools the measured iterations of all rounds (as JMH pools forks) and
gives its 99.9% interval (Student's t). A ratio carries both sides' intervals, combined as relative errors
(root of the sum of squares), as in docs/benchmarks.md. Usage: python3 report.py [directory]
"""
import glob
import json
import math
import os
import re
import statistics
import sys

here = os.path.dirname(os.path.abspath(__file__))
Z = statistics.NormalDist().inv_cdf(0.9995)


def t_quantile(df):
    """Student's t at 0.9995 (Cornish-Fisher expansion around the normal quantile; exact enough for df >= 4)."""
    z = Z
    return (z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3))


def load(directory, pattern="*-jdk*-r*.json"):
    """(jdk, method, batch) -> {samples, allocs, unit, rounds}"""
    data = {}
    for path in sorted(glob.glob(os.path.join(directory, pattern))):
        jdk = re.search(r"jdk(\d+)", os.path.basename(path)).group(1)
        try:
            results = json.load(open(path))
        except (ValueError, OSError):
            continue
        for r in results:
            cls, method = r["benchmark"].rsplit(".", 2)[1:]
            if cls == "RedisClusterBatchBenchmark":  # same method names as RedisBatchBenchmark
                method = "cluster:" + method
            batch = int(r.get("params", {}).get("batch", 0))
            m = r["primaryMetric"]
            d = data.setdefault((jdk, method, batch), {"samples": [], "allocs": [], "unit": m["scoreUnit"],
                                                       "rounds": 0})
            for fork in m["rawData"]:
                d["samples"].extend(fork)
            d["rounds"] += 1
            alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
            if alloc:
                d["allocs"].append(alloc["score"])
    return data


def stats(d):
    s = d["samples"]
    mean = statistics.fmean(s)
    err = t_quantile(len(s) - 1) * statistics.stdev(s) / math.sqrt(len(s)) if len(s) > 1 else float("nan")
    alloc = statistics.fmean(d["allocs"]) if d["allocs"] else None
    return mean, err, alloc


def ratio(a, b):
    (ma, ea, _), (mb, eb, _) = a, b
    r = ma / mb
    return r, r * math.sqrt((ea / ma) ** 2 + (eb / mb) ** 2)


def fmt(x):
    return f"{x:,.1f}" if x >= 10 else f"{x:,.2f}" if x >= 1 else f"{x:,.3f}"


def cell(s, unit):
    return f"{fmt(s[0])} ± {fmt(s[1])} {unit}"


def median_ratio(a, b):
    """Median of ours over median of the baseline: robust to the multi-millisecond stalls of a loaded machine."""
    return f"{statistics.median(a['samples']) / statistics.median(b['samples']):.2f}x"


def bytes_cell(s):
    return "-" if s[2] is None else f"{s[2]:,.0f}"


# (ours, baseline, label, target ratio); the Cluster pairs read keys of many slots, so no MGET on either side
BATCH_PAIRS = (("cacheGetAll", "rawMgetDecode", "`getAll` vs raw `MGET` + decode", 1.1),
               ("cachePutAll", "rawPipelinedSetPx", "`putAll` vs raw encode + pipelined `SET PX`", 1.2),
               ("cluster:cacheGetAll", "cluster:rawClusterGetDecode",
                "Cluster `getAll` vs raw per-node pipelined `GET` + decode", 1.1),
               ("cluster:cachePutAll", "cluster:rawClusterPipelinedSetPx",
                "Cluster `putAll` vs raw encode + per-node pipelined `SET PX`", 1.2))
TARGETS = {label: target for _, _, label, target in BATCH_PAIRS}
# (ours, baseline, label): tabled, not plotted; present only in runs that measured the reference
REFERENCE_PAIRS = (("rawPipelinedSetPxAndLog", "rawPipelinedSetPx",
                    "reference: raw pipelined `SET PX` + the tier's log script vs raw pipelined `SET PX`"),
                   ("cachePutAll", "rawPipelinedSetPxAndLog",
                    "reference: `putAll` vs raw pipelined `SET PX` + the same log script"),
                   ("rawPipelinedSetPxAndLogDelivered", "rawPipelinedSetPx",
                    "reference: raw + the log script, published to the cache's subscriber, vs raw pipelined `SET PX`"),
                   ("cachePutAll", "rawPipelinedSetPxAndLogDelivered",
                    "reference: `putAll` vs raw + the log script published to the cache's subscriber"),
                   ("cluster:rawClusterPipelinedSetPxThenLog", "cluster:rawClusterPipelinedSetPx",
                    "reference: Cluster raw per-node `SET PX`, then the log script (published to the cache's "
                    "subscriber), vs raw per-node `SET PX`"),
                   ("cluster:cachePutAll", "cluster:rawClusterPipelinedSetPxThenLog",
                    "reference: Cluster `putAll` vs raw per-node `SET PX`, then the same log script"),
                   ("cluster:rawClusterPipelinedSetPxAndLogDelivered", "cluster:rawClusterPipelinedSetPx",
                    "reference: Cluster raw `SET PX` + the log script in the same pipeline on the key's node "
                    "(published to the cache's subscriber) vs raw per-node `SET PX`"),
                   ("cluster:cachePutAll", "cluster:rawClusterPipelinedSetPxAndLogDelivered",
                    "reference: Cluster `putAll` vs raw `SET PX` + the same log script on the key's node"),
                   # the reverted experiment of 2026-12-03 (2c7a275, ../2026-12-03-cluster/): the log script in
                   # the same cluster pipeline as the SETs, with a versioned message
                   ("cluster:rawClusterPipelinedSetPxAndLog", "cluster:rawClusterPipelinedSetPx",
                    "reference: Cluster raw per-node `SET PX` with the log script in the same pipeline "
                    "(published to the cache's subscriber) vs raw per-node `SET PX`"),
                   ("cluster:cachePutAll", "cluster:rawClusterPipelinedSetPxAndLog",
                    "reference: Cluster `putAll` vs raw per-node `SET PX` with the same log script"))

def tables(data):
    """Prints the tables; returns the plotted points by (jdk, is Cluster, label)."""
    plots = {}
    for jdk in sorted({k[0] for k in data}):
        tables_of(data, jdk, plots)
    return plots


def tables_of(data, jdk, plots):
    print(f"\n### JDK {jdk}\n")
    print("| figure | ours | baseline | ratio (99.9%) | ratio of medians | ours B/op | baseline B/op | rounds (ours/baseline) |")
    print("|---|---|---|---|---|---|---|---|")
    for ours, base, label in (("adaptiveCacheMemoryMissed", "rawJedisGet", "Redis hit through `AdaptiveCache.get`, memory off"),
                              ("redisTierGet", "rawJedisGet", "`RedisTier.get` + decode")):
        if (jdk, ours, 0) in data and (jdk, base, 0) in data:
            a, b = stats(data[(jdk, ours, 0)]), stats(data[(jdk, base, 0)])
            r, e = ratio(a, b)
            unit = data[(jdk, ours, 0)]["unit"]
            print(f"| {label} vs raw `GET` + decode | {cell(a, unit)} | {cell(b, unit)} | {r:.2f}x ± {e:.2f} "
                  f"| {median_ratio(data[(jdk, ours, 0)], data[(jdk, base, 0)])} | {bytes_cell(a)} | {bytes_cell(b)} | {data[(jdk, ours, 0)]['rounds']}/{data[(jdk, base, 0)]['rounds']} |")
    for ours, base, label, plotted in ([(o, b, l, True) for o, b, l, _ in BATCH_PAIRS]
                                       + [(o, b, l, False) for o, b, l in REFERENCE_PAIRS]):
        batches = sorted(k[2] for k in data if k[0] == jdk and k[1] == ours and (jdk, base, k[2]) in data)
        for batch in batches:
            a, b = stats(data[(jdk, ours, batch)]), stats(data[(jdk, base, batch)])
            r, e = ratio(a, b)
            unit = data[(jdk, ours, batch)]["unit"]
            med = statistics.median(data[(jdk, ours, batch)]["samples"]) / statistics.median(
                data[(jdk, base, batch)]["samples"])
            if plotted:
                plots.setdefault((jdk, ours.startswith("cluster:"), label), []).append((batch, r, e, med))
            print(f"| {label}, batch {batch} | {cell(a, unit)} | {cell(b, unit)} | {r:.2f}x ± {e:.2f} "
                  f"| {median_ratio(data[(jdk, ours, batch)], data[(jdk, base, batch)])} | {bytes_cell(a)} | {bytes_cell(b)} | {data[(jdk, ours, batch)]['rounds']}/{data[(jdk, base, batch)]['rounds']} |")


def svg(jdk, series, path, title):
    """Against batch size (log x): the ratio of medians (line, filled dots) and the ratio of means with its
    99.9% interval (hollow dots, bars; clipped at the top of the plot), one colour per series, targets dashed."""
    w, h, left, right, top, bottom = 640, 400, 60, 20, 30, 50
    xs = [1, 10, 100, 1000]
    ymax = max([m for s in series.values() for _, _, _, m in s] + [1.3]) * 1.3
    ymax = min(ymax, 4.0)

    def px(x):
        return left + (math.log10(x) / 3) * (w - left - right)

    def py(y):
        return top + (1 - min(y, ymax) / ymax) * (h - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="18" text-anchor="middle" font-size="14">{title}, cache / raw Jedis, JDK {jdk}: median (line), mean ± 99.9% (bars)</text>']
    for y in [0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]:
        if y <= ymax:
            out.append(f'<line x1="{left}" x2="{w - right}" y1="{py(y):.1f}" y2="{py(y):.1f}" stroke="#ddd"/>')
            out.append(f'<text x="{left - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:.1f}x</text>')
    for x in xs:
        out.append(f'<text x="{px(x):.1f}" y="{h - bottom + 18}" text-anchor="middle">{x}</text>')
    out.append(f'<text x="{w / 2}" y="{h - 10}" text-anchor="middle">keys per batch</text>')
    colors = ["#1f77b4", "#d62728"]
    for i, (label, points) in enumerate(series.items()):
        c = colors[i % 2]
        t = TARGETS.get(label)
        if t:
            out.append(f'<line x1="{left}" x2="{w - right}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="{c}" stroke-dasharray="6,4"/>')
        pts = " ".join(f"{px(b):.1f},{py(m):.1f}" for b, _, _, m in points)
        out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{pts}"/>')
        for b, r, e, m in points:
            x = px(b) + (4 if i else -4)
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{py(max(r - e, 0)):.1f}" y2="{py(r + e):.1f}" stroke="{c}" stroke-opacity="0.6"/>')
            out.append(f'<circle cx="{x:.1f}" cy="{py(r):.1f}" r="3.5" fill="white" stroke="{c}"/>')
            out.append(f'<circle cx="{px(b):.1f}" cy="{py(m):.1f}" r="3.5" fill="{c}"/>')
        name = re.sub(r"`", "", label) + (f" (target {t}x, dashed)" if t else "")
        out.append(f'<text x="{left + 10}" y="{h - bottom - 30 + 16 * i}" fill="{c}">{name}</text>')
    out.append("</svg>")
    open(path, "w").write("\n".join(out))


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else here
    plots = tables(load(directory))
    for jdk in sorted({k[0] for k in plots}):
        for cluster, name, title in ((False, "batch-curve", "Redis batch"), (True, "cluster-batch-curve", "Redis Cluster batch")):
            series = {label: pts for (j, c, label), pts in plots.items() if j == jdk and c == cluster}
            if series:
                svg(jdk, series, os.path.join(directory, f"{name}-jdk{jdk}.svg"), title)
                print(f"\n![{name.replace('-', ' ')}, JDK {jdk}]({name}-jdk{jdk}.svg)")


if __name__ == "__main__":
    main()
