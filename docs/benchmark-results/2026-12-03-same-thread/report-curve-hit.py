#!/usr/bin/env python3
"""Table (Markdown, on stdout) of run-curve-hit.sh's rounds: InProcessCurveBenchmark's hit before and after,
at each size, pooled over the rounds with its 99.9% interval (../2026-12-02-redis/report.py's helpers).
Usage: python3 report-curve-hit.py [directory, default ./curve-hit]"""
import glob
import importlib.util
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("redis_report", os.path.join(here, "..", "2026-12-02-redis", "report.py"))
rr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rr)

PAIRS = (("`adaptiveHit` after vs before", ("after", "adaptiveHit"), ("before", "adaptiveHit")),
         ("`caffeineHit` after vs before", ("after", "caffeineHit"), ("before", "caffeineHit")),
         ("ours vs Caffeine, before (common pool)", ("before", "adaptiveHit"), ("before", "caffeineHit")),
         ("ours vs Caffeine, after (calling thread)", ("after", "adaptiveHit"), ("after", "caffeineHit")))


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "curve-hit")
    data = {}
    for path in sorted(glob.glob(os.path.join(directory, "curve-*-jdk*-r*.json"))):
        jar = os.path.basename(path).split("-")[1]
        for b in json.load(open(path)):
            key = (jar, b["benchmark"].rsplit(".", 1)[1], int(b["params"]["entries"]))
            d = data.setdefault(key, {"samples": [], "allocs": [], "unit": b["primaryMetric"]["scoreUnit"], "rounds": 0})
            for fork in b["primaryMetric"]["rawData"]:
                d["samples"].extend(fork)
            d["rounds"] += 1
            alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
            if alloc:
                d["allocs"].append(alloc["score"])
    print("| entries | figure | ours | baseline | ratio (99.9%) | ratio of medians | rounds |")
    print("|---|---|---|---|---|---|---|")
    for entries in sorted({k[2] for k in data}):
        for label, ours, base in PAIRS:
            a, b = data.get(ours + (entries,)), data.get(base + (entries,))
            if a and b:
                sa, sb = rr.stats(a), rr.stats(b)
                r, e = rr.ratio(sa, sb)
                print(f"| {entries:,} | {label} | {rr.cell(sa, a['unit'])} | {rr.cell(sb, b['unit'])} | {r:.2f}x ± {e:.2f} "
                      f"| {rr.median_ratio(a, b)} | {a['rounds']}/{b['rounds']} |")


if __name__ == "__main__":
    main()
