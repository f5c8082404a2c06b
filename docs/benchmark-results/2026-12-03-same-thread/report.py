#!/usr/bin/env python3
"""Tables (Markdown, on stdout) of run.sh's before/after rounds in this directory: each figure pools the
measured iterations of every round (one fork each) with its 99.9% interval, as ../2026-12-02-redis/report.py
does (its helpers are reused). Usage: python3 report.py [directory]"""
import glob
import importlib.util
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("redis_report", os.path.join(here, "..", "2026-12-02-redis", "report.py"))
rr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rr)

# (label, (jar, method) of ours, (jar, method) of the baseline)
PAIRS = (
    ("miss then load, default (market-aware expiry): after vs before", ("after", "adaptiveDefault"), ("before", "adaptiveDefault")),
    ("miss then load, flat TTL table: after vs before", ("after", "adaptiveFlatTtl"), ("before", "adaptiveFlatTtl")),
    ("miss then load, default, vs Caffeine `get(key, fn)` (common pool), before", ("before", "adaptiveDefault"), ("before", "caffeine")),
    ("miss then load, default, vs Caffeine `get(key, fn)` (common pool), after", ("after", "adaptiveDefault"), ("after", "caffeine")),
    ("miss then load, flat TTL, vs Caffeine `get(key, fn)` (common pool), after", ("after", "adaptiveFlatTtl"), ("after", "caffeine")),
    ("miss then load, default, vs Caffeine `get(key, fn)` (calling thread), after", ("after", "adaptiveDefault"), ("after", "caffeineSameThread")),
    ("miss then load, flat TTL, vs Caffeine `get(key, fn)` (calling thread), after", ("after", "adaptiveFlatTtl"), ("after", "caffeineSameThread")),
    ("Caffeine `get(key, fn)`, calling thread vs common pool", ("after", "caffeineSameThread"), ("after", "caffeine")),
    ("in-process hit: after vs before", ("after", "adaptiveCache"), ("before", "adaptiveCache")),
    ("in-process hit vs Caffeine configured the same way, before (common pool)", ("before", "adaptiveCache"), ("before", "caffeineSameConfig")),
    ("in-process hit vs Caffeine configured the same way, after (calling thread)", ("after", "adaptiveCache"), ("after", "caffeineSameConfig")),
)


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else here
    data = {}
    for jar in ("before", "after"):
        for (jdk, method, _), d in rr.load(directory, f"*-{jar}-jdk*-r*.json").items():
            data[(jar, method)] = d
    print("| figure | ours | baseline | ratio (99.9%) | ratio of medians | ours B/op | baseline B/op | rounds |")
    print("|---|---|---|---|---|---|---|---|")
    for label, ours, base in PAIRS:
        if ours in data and base in data:
            a, b = rr.stats(data[ours]), rr.stats(data[base])
            r, e = rr.ratio(a, b)
            unit = data[ours]["unit"]
            print(f"| {label} | {rr.cell(a, unit)} | {rr.cell(b, unit)} | {r:.2f}x ± {e:.2f} "
                  f"| {rr.median_ratio(data[ours], data[base])} | {rr.bytes_cell(a)} | {rr.bytes_cell(b)} "
                  f"| {data[ours]['rounds']}/{data[base]['rounds']} |")
    print("\nMiss then load, each round's mean (ns/op, wall):\n")
    print("| round | " + " | ".join(f"`{m}` {jar}" for jar, m in MISS_COLUMNS) + " |")
    print("|---" * (len(MISS_COLUMNS) + 1) + "|")
    for path in sorted(glob.glob(os.path.join(directory, "miss-before-jdk*-r*.json"))):
        r = path.rsplit("-r", 1)[1].split(".")[0]
        cells = []
        for jar, method in MISS_COLUMNS:
            scores = {b["benchmark"].rsplit(".", 1)[1]: b["primaryMetric"]["score"]
                      for b in json.load(open(path.replace("-before-", f"-{jar}-")))}
            cells.append(f"{scores[method]:,.0f}" if method in scores else "-")
        print(f"| {r} | " + " | ".join(cells) + " |")


MISS_COLUMNS = (("before", "adaptiveDefault"), ("after", "adaptiveDefault"), ("before", "adaptiveFlatTtl"),
                ("after", "adaptiveFlatTtl"), ("before", "caffeine"), ("after", "caffeine"),
                ("after", "caffeineSameThread"))


if __name__ == "__main__":
    main()
