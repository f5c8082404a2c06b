#!/usr/bin/env bash
# The in-process tier's maintenance moved from the common ForkJoinPool to the calling thread
# (executor(Runnable::run)): the library before (BEFORE jar) and after (AFTER jar), alternating one fork
# each per round, JDK 17, ROUNDS rounds (default 4), -prof gc; machine and load average recorded.
#
#   miss-*:  MissLoadBreakdownBenchmark: adaptiveDefault, adaptiveFlatTtl and Caffeine's get(key, fn) with
#            its default executor (caffeine); the AFTER jar also caffeineSameThread
#   hit-*:   InProcessHitBenchmark: adaptiveCache and caffeineSameConfig (whose executor follows the
#            library's: the common pool in BEFORE, the calling thread in AFTER)
#
#   BEFORE=/tmp/before.jar AFTER=/tmp/after.jar bash docs/benchmark-results/2026-12-03-same-thread/run.sh
set -u
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-$here}"
rounds="${ROUNDS:-4}"
mkdir -p "$out"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "cores: $(nproc)"
  echo "kernel: $(uname -sr)"
  java -version 2>&1 | head -1
} >> "$out/machine.txt"

run() { # name jar regex
  echo "$1 start: $(cat /proc/loadavg)" >> "$out/load.txt"
  java -jar "$2" "$3" -f 1 -prof gc -rf json -rff "$out/$1.json" > "$out/$1.txt" 2>&1
  echo "$1 end:   $(cat /proc/loadavg)" >> "$out/load.txt"
}

for r in $(seq 1 "$rounds"); do
  run "miss-before-jdk17-r$r" "$BEFORE" 'MissLoadBreakdownBenchmark.(adaptiveDefault|adaptiveFlatTtl|caffeine)$'
  run "miss-after-jdk17-r$r" "$AFTER" 'MissLoadBreakdownBenchmark.(adaptiveDefault|adaptiveFlatTtl|caffeine|caffeineSameThread)$'
  run "hit-before-jdk17-r$r" "$BEFORE" 'InProcessHitBenchmark.(adaptiveCache|caffeineSameConfig)$'
  run "hit-after-jdk17-r$r" "$AFTER" 'InProcessHitBenchmark.(adaptiveCache|caffeineSameConfig)$'
done
echo done > "$out/DONE"
