#!/usr/bin/env python3
"""Tables (Markdown, on stdout) and SVG plots (gnuplot) of the JMH results in this directory.

Ratios carry both sides' 99.9% errors, combined as relative errors (root of the sum of squares).
Usage: python3 report.py [directory]   (default: this script's directory; needs gnuplot for the plots)
"""
import glob
import json
import math
import os
import re
import shutil
import subprocess
import sys

here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))


def load(name):
    path = os.path.join(here, name)
    if not os.path.exists(path):
        return {}
    results = {}
    for r in json.load(open(path)):
        method = r["benchmark"].rsplit(".", 1)[1]
        entries = int(r["params"]["entries"]) if r.get("params", {}).get("entries") else None
        m = r["primaryMetric"]
        err = m["scoreError"]
        err = 0.0 if err in ("NaN", None) or (isinstance(err, float) and math.isnan(err)) else float(err)
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        results[(method, entries)] = {"score": m["score"], "error": err, "unit": m["scoreUnit"],
                                      "alloc": alloc["score"] if alloc else None,
                                      "p50": m.get("scorePercentiles", {}).get("50.0"),
                                      "max": m.get("scorePercentiles", {}).get("100.0")}
    return results


def fmt(x):
    return f"{x:,.1f}" if x >= 10 else f"{x:,.2f}"


def ratio(a, b):
    r = a["score"] / b["score"]
    rel = math.sqrt((a["error"] / a["score"]) ** 2 + (b["error"] / b["score"]) ** 2)
    return r, r * rel


def cell(x):
    return f"{fmt(x['score'])} ± {fmt(x['error'])} {x['unit']}"


def rcell(a, b):
    r, e = ratio(a, b)
    return f"{r:.2f}x ± {e:.2f}" if r >= 0.1 else f"{r:.2g}x ± {e:.1g}"


KEY_ROWS = (("buildKey", "concatenateFields"), ("buildKeyReusedBuilder", "concatenateFields"),
            ("concatenateFields", "concatenateFields"), ("buildKeyNewRange", "concatenateFieldsNewRange"),
            ("concatenateFieldsNewRange", "concatenateFieldsNewRange"))
jdks = sorted({re.search(r"jdk(\d+)", f).group(1) for f in glob.glob(os.path.join(here, "*-jdk*.json"))},
              key=int)
plots = []

for jdk in jdks:
    key = load(f"key-jdk{jdk}.json")
    if key:
        print(f"\n### Key building, JDK {jdk}\n")
        print("| benchmark | time | allocation | vs its concatenation baseline |")
        print("|---|---|---|---|")
        for m, b in KEY_ROWS:
            if (m, None) in key and (b, None) in key:
                x = key[(m, None)]
                alloc = f"{x['alloc']:,.0f} B/op" if x["alloc"] is not None else ""
                print(f"| `{m}` | {cell(x)} | {alloc} | {rcell(x, key[(b, None)])} (`{b}`) |")
        before = load(f"key-before-jdk{jdk}.json")
        if before:
            print(f"\nThe same benchmark on the code before this change (`key-before-jdk{jdk}.json`):\n")
            print("| benchmark | time | allocation | vs its concatenation baseline | after / before |")
            print("|---|---|---|---|---|")
            for m, b in KEY_ROWS:
                if (m, None) in before and (b, None) in before:
                    x = before[(m, None)]
                    alloc = f"{x['alloc']:,.0f} B/op" if x["alloc"] is not None else ""
                    after = rcell(key[(m, None)], x) if (m, None) in key else ""
                    print(f"| `{m}` | {cell(x)} | {alloc} | {rcell(x, before[(b, None)])} | {after} |")
        dat = os.path.join(here, f"key-jdk{jdk}.dat")
        with open(dat, "w") as f:
            for i, (m, _) in enumerate(KEY_ROWS):
                if (m, None) in key:
                    f.write(f"{i} {key[(m, None)]['score']} {key[(m, None)]['error']} {m}\n")
        plots.append(f"""
set terminal svg size 720,420 dynamic font 'sans,11'
set output '{here}/key-jdk{jdk}.svg'
set title 'Building a CacheKey of the common shape, JDK {jdk} (99.9% error bars)'
set ylabel 'ns/op'
set style fill solid 0.5
set boxwidth 0.6
set yrange [0:*]
set xrange [-0.5:4.5]
set xtics rotate by -20
set grid ytics
unset key
plot '{dat}' using 1:2:xtic(4) with boxes, '' using 1:2:3 with yerrorbars pt 0 lc rgb 'black', \\
     120 with lines dt 2 lc rgb 'red' title 'target 120 ns'
""")

    tight = load(f"key-f10-jdk{jdk}.json")
    if tight and ("buildKey", None) in tight and ("concatenateFields", None) in tight:
        print(f"\n### Key building, 10 forks, JDK {jdk} (`key-f10-jdk{jdk}.json`)\n")
        print("| benchmark | time | allocation | vs `concatenateFields` |")
        print("|---|---|---|---|")
        for m in ("buildKey", "concatenateFields"):
            x = tight[(m, None)]
            alloc = f"{x['alloc']:,.0f} B/op" if x["alloc"] is not None else ""
            print(f"| `{m}` | {cell(x)} | {alloc} | {rcell(x, tight[('concatenateFields', None)])} |")

    for name, title, pairs in (
            (f"file-jdk{jdk}", "File tier cost by entries", (("fileTierHit", "rawReadAllBytes"),
                                                             ("fileTierAtomicWrite", "rawWrite"))),
            (f"file-cap-jdk{jdk}", "A put that crosses the size cap (on the caller thread)",
             (("putCrossingCap", "putBelowCap"),)),
            (f"file-cap-before-jdk{jdk}", "Before: a put that crosses the size cap (synchronous eviction)",
             (("putCrossingCap", "putBelowCap"),))):
        res = load(name + ".json")
        if not res:
            continue
        sizes = sorted({e for (_, e) in res if e})
        print(f"\n### {title}, JDK {jdk} (`{name}.json`)\n")
        print("| entries | ours | time | baseline | time | ratio |")
        print("|---|---|---|---|---|---|")
        for ours, base in pairs:
            for n in sizes:
                if (ours, n) in res and (base, n) in res:
                    a, b = res[(ours, n)], res[(base, n)]
                    print(f"| {n:,} | `{ours}` | {cell(a)} | `{base}` | {cell(b)} | {rcell(a, b)} |")
        dat = os.path.join(here, name + ".dat")
        methods = [m for pair in pairs for m in pair]
        with open(dat, "w") as f:
            for n in sizes:
                row = [str(n)]
                for m in methods:
                    x = res.get((m, n))
                    row += [str(x["score"]), str(x["error"])] if x else ["?", "?"]
                f.write(" ".join(row) + "\n")
        lines = ", ".join(f"'{dat}' using 1:{2 + 2 * i}:{3 + 2 * i} with yerrorlines title '{m}'"
                          for i, m in enumerate(methods))
        plots.append(f"""
set terminal svg size 640,400 dynamic font 'sans,11'
set output '{here}/{name}.svg'
set title "{title}, JDK {jdk} (99.9% error bars)"
set xlabel 'entries'
set ylabel 'us/op'
set logscale x
set logscale y
set xrange [700:150000]
set yrange [*:*]
set grid
set key top left
unset xtics
set xtics ('1k' 1000, '10k' 10000, '100k' 100000)
plot {lines}
unset logscale
unset xlabel
set xtics auto
""")

    hb, ha = load(f"file-hit-before-jdk{jdk}.json"), load(f"file-hit-after-jdk{jdk}.json")
    if hb and ha:
        print(f"\n### File hit, old and new code back to back, JDK {jdk}\n")
        print("| entries | code | `fileTierHit` | `rawReadAllBytes` | ratio |")
        print("|---|---|---|---|---|")
        for n in sorted({e for (_, e) in ha if e}):
            for label, res in (("before (`file-hit-before`)", hb), ("after (`file-hit-after`)", ha)):
                a, b = res.get(("fileTierHit", n)), res.get(("rawReadAllBytes", n))
                if a and b:
                    print(f"| {n:,} | {label} | {cell(a)} | {cell(b)} | {rcell(a, b)} |")
    after, before = load(f"file-cap-jdk{jdk}.json"), load(f"file-cap-before-jdk{jdk}.json")
    if after and before:
        sizes = sorted({e for (_, e) in after if e})
        print(f"\n### The put that crosses the cap, after vs before, JDK {jdk}\n")
        print("| entries | after, mean (`file-cap-jdk{0}`) | after, median / max | before, mean (`file-cap-before-jdk{0}`) | before, median / max | after / before (means) |".format(jdk))
        print("|---|---|---|---|---|---|")
        for n in sizes:
            a, b = after.get(("putCrossingCap", n)), before.get(("putCrossingCap", n))
            if a and b:
                print(f"| {n:,} | {cell(a)} | {fmt(a['p50'])} / {fmt(a['max'])} {a['unit']} | {cell(b)} | "
                      f"{fmt(b['p50'])} / {fmt(b['max'])} {b['unit']} | {rcell(a, b)} |")
        dat = os.path.join(here, f"file-cap-both-jdk{jdk}.dat")
        series = [(after, "putCrossingCap", "crossing the cap, after"), (after, "putBelowCap", "below the cap, after"),
                  (before, "putCrossingCap", "crossing the cap, before"), (before, "putBelowCap", "below the cap, before")]
        with open(dat, "w") as f:
            for n in sizes:
                row = [str(n)]
                for res, m, _ in series:
                    x = res.get((m, n))
                    row += [str(x["score"]), str(x["error"])] if x else ["?", "?"]
                f.write(" ".join(row) + "\n")
        lines = ", ".join(f"'{dat}' using 1:{2 + 2 * i}:{3 + 2 * i} with yerrorlines title '{t}'"
                          for i, (_, _, t) in enumerate(series))
        plots.append(f"""
set terminal svg size 640,400 dynamic font 'sans,11'
set output '{here}/file-cap-before-after-jdk{jdk}.svg'
set title "A put into a full file tier, before and after this change, JDK {jdk}"
set xlabel 'entries'
set ylabel 'us/op (log)'
set logscale x
set logscale y
set xrange [700:150000]
set grid
set key top left
set xtics ('1k' 1000, '10k' 10000, '100k' 100000)
plot {lines}
unset logscale
unset xlabel
set xtics auto
""")

if plots and shutil.which("gnuplot"):
    subprocess.run(["gnuplot"], input="\n".join(plots), text=True, check=True)
    print("\nPlots: " + ", ".join(sorted(os.path.basename(p) for p in glob.glob(os.path.join(here, "*.svg")))))
elif plots:
    print("\n(gnuplot not found: no plots)")
