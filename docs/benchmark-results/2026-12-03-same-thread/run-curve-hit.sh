#!/usr/bin/env bash
# InProcessCurveBenchmark's hit (Zipf over 10k, 100k and 1M entries held, one thread) with the library
# before (BEFORE jar) and after (AFTER jar) the in-process tier's upkeep moved to the calling thread,
# alternating per round (ROUNDS, default 2), JDK 17, -prof gc. The baseline caffeineHit follows the
# library: the common pool in BEFORE, the calling thread in AFTER.
#
#   BEFORE=/tmp/before.jar AFTER=/tmp/after.jar bash docs/benchmark-results/2026-12-03-same-thread/run-curve-hit.sh
set -u
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-$here/curve-hit}"
mkdir -p "$out"
for r in $(seq 1 "${ROUNDS:-2}"); do
  for jar in before after; do
    j=$BEFORE; [ $jar = after ] && j=$AFTER
    echo "curve-$jar-jdk17-r$r start: $(cat /proc/loadavg)" >> "$out/load.txt"
    java -jar "$j" 'InProcessCurveBenchmark.(adaptiveHit|caffeineHit)$' -p entries=10000,100000,1000000 -t 1 \
      -f 1 -prof gc -rf json -rff "$out/curve-$jar-jdk17-r$r.json" > "$out/curve-$jar-jdk17-r$r.txt" 2>&1
    echo "curve-$jar-jdk17-r$r end:   $(cat /proc/loadavg)" >> "$out/load.txt"
  done
done
echo done > "$out/DONE"
