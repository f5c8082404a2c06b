#!/usr/bin/env python3
"""The bulk-load table of the before/after runs in this directory (run.sh): per side (the jar before and
after the batch lock), getAll of 100 cold keys with a bulk loader and 100 single loads, each pooled over the
rounds (99.9% interval, Student's t), their ratio, and the after/before ratio of the bulk load; allocation
per operation from -prof gc. Usage: python3 report.py [directory]"""
import glob
import json
import math
import os
import re
import statistics
import sys

here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
Z = statistics.NormalDist().inv_cdf(0.9995)


def t_quantile(df):
    z = Z
    return (z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3))


data = {}  # (side, jdk, method) -> {samples, allocs, rounds}
for path in sorted(glob.glob(os.path.join(here, "bulk-*-jdk*-r*.json"))):
    side, jdk = re.match(r"bulk-(\w+)-jdk(\d+)-r\d+\.json", os.path.basename(path)).groups()
    for r in json.load(open(path)):
        d = data.setdefault((side, jdk, r["benchmark"].rsplit(".", 1)[1]), {"samples": [], "allocs": [], "rounds": 0})
        for fork in r["primaryMetric"]["rawData"]:
            d["samples"].extend(fork)
        d["rounds"] += 1
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if alloc:
            d["allocs"].append(alloc["score"])


def stats(d):
    s = d["samples"]
    mean = statistics.fmean(s)
    return mean, t_quantile(len(s) - 1) * statistics.stdev(s) / math.sqrt(len(s))


def ratio(a, b):
    r = a[0] / b[0]
    return r, r * math.sqrt((a[1] / a[0]) ** 2 + (b[1] / b[0]) ** 2)


for jdk in sorted({k[1] for k in data}):
    print(f"\n### JDK {jdk}\n")
    print("| jar | `getAll` of 100 cold keys, bulk loader | 100 × `get` with a loader | bulk / single | bulk B/op | rounds |")
    print("|---|---|---|---|---|---|")
    bulk = {}
    for side in ("old", "new"):
        b, s = data.get((side, jdk, "getAll100Bulk")), data.get((side, jdk, "get100Singles"))
        if not b or not s:
            continue
        bs, ss = stats(b), stats(s)
        bulk[side] = bs
        r, e = ratio(bs, ss)
        alloc = f"{statistics.fmean(b['allocs']):,.0f}" if b["allocs"] else "-"
        label = "before (one lock round trip per key)" if side == "old" else "after (`tryAcquireAll`/`releaseAll`)"
        print(f"| {label} | {bs[0]:,.0f} ± {bs[1]:,.0f} us/op | {ss[0]:,.0f} ± {ss[1]:,.0f} us/op | {r:.2f}x ± {e:.2f} "
              f"| {alloc} | {b['rounds']} |")
    if len(bulk) == 2:
        r, e = ratio(bulk["new"], bulk["old"])
        print(f"\nBulk load after / before: **{r:.2f}x ± {e:.2f}**")
