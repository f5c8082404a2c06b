#!/usr/bin/env bash
# BulkLoadBenchmark with Redis (getAll of 100 cold keys with a bulk loader, beside 100 single loads) before
# and after the batch lock (tryAcquireAll/releaseAll), in alternating rounds on one machine: each round runs
# the jar built before the change, then the jar built after it (one fork each, -prof gc). The single loads
# are the same code in both jars, so each run's bulk/single ratio is compared, not only absolute times.
# Records the machine and the load average before and after every run.
#
#   OLD=path/to/benchmarks-before.jar NEW=path/to/benchmarks-after.jar ROUNDS=4 bash run.sh [java]
#   python3 report.py
set -u
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-$here}"
rounds="${ROUNDS:-4}"
j="${1:-java}"
mkdir -p "$out"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "cores: $(nproc)"
  echo "memory: $(grep MemTotal /proc/meminfo | awk '{print $2 " kB"}')"
  echo "kernel: $(uname -sr)"
} >> "$out/machine.txt"
v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
"$j" -version > "$out/jdk$v.txt" 2>&1
for r in $(seq 1 "$rounds"); do
  for side in old new; do
    jar=$OLD; [ "$side" = new ] && jar=$NEW
    name="bulk-$side-jdk$v-r$r"
    echo "$name start: $(cat /proc/loadavg)" >> "$out/load.txt"
    "$j" -Djmh.ignoreLock=true -jar "$jar" 'BulkLoadBenchmark' -p tiers=redis -prof gc -f 1 \
        -rf json -rff "$out/$name.json" > "$out/$name.txt" 2>&1
    echo "$name end:   $(cat /proc/loadavg)" >> "$out/load.txt"
  done
done
echo done > "$out/DONE"
