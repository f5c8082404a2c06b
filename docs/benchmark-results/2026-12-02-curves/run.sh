#!/usr/bin/env bash
# Cost curves of the in-process tier (hit and miss-then-load vs Caffeine at 10k, 100k and 1M entries, 1, 2
# and 4 threads), a realistic mixed workload (1,000 symbols, Zipf, 95% reads, memory + Redis + files, with
# percentiles per operation) and the miss-then-load breakdown, each beside its baseline in the same JMH run.
# Records the machine (CPU model, cores, memory), the JDK and the load average before and after every run
# beside the results, because the machine is shared.
#
# Ours and the baseline are interleaved: every JMH invocation runs one fork of each benchmark method for
# one size and thread count, and the rounds (ROUNDS, default 3) repeat the whole sequence, so a change in
# the machine's load falls on both sides. report.py pools the rounds.
#
#   mvn -B -q -DskipTests package                                       # builds benchmarks/target/benchmarks.jar
#   bash docs/benchmark-results/2026-12-02-curves/run.sh [java ...]     # default: java on the PATH
#   PARTS="inproc mixed" ROUNDS=2 bash .../run.sh /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#   FIRST_ROUND=2 ROUNDS=2 THREADS=1 PARTS="mixed breakdown inproc stack" bash .../run.sh   # one more round
#   python3 docs/benchmark-results/2026-12-02-curves/report.py          # tables (stdout) and SVG plots
set -u
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../../.."
jar="${JAR:-benchmarks/target/benchmarks.jar}"
out="${OUT:-$here}"
rounds="${ROUNDS:-3}"
first="${FIRST_ROUND:-1}"
threads="${THREADS:-1 2 4}"
parts="${PARTS:-inproc mixed breakdown}"
mkdir -p "$out"
javas=("$@")
[ ${#javas[@]} -eq 0 ] && javas=(java)

machine() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "cores: $(nproc)"
  echo "memory: $(grep MemTotal /proc/meminfo | awk '{print $2 " kB"}')"
  echo "kernel: $(uname -sr)"
}

run() { # name java args...
  local name=$1 j=$2; shift 2
  echo "$name start: $(cat /proc/loadavg) cpu-pressure: $(head -1 /proc/pressure/cpu 2>/dev/null)" >> "$out/load.txt"
  "$j" -Djmh.ignoreLock=true -jar "$jar" "$@" -jvmArgsAppend -Djmh.ignoreLock=true \
    -rf json -rff "$out/$name.json" > "$out/$name.txt" 2>&1
  local rc=$?
  echo "$name end:   $(cat /proc/loadavg) rc=$rc" >> "$out/load.txt"
}

has() { [[ " $parts " == *" $1 "* ]]; }

[ -f "$out/machine.txt" ] || machine > "$out/machine.txt"
for j in "${javas[@]}"; do
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  "$j" -version > "$out/jdk$v.txt" 2>&1
  for r in $(seq "$first" "$rounds"); do
    if has inproc; then
      for e in 10000 100000 1000000; do
        for t in $threads; do
          run "inproc-jdk$v-e$e-t$t-r$r" "$j" 'InProcessCurveBenchmark' -p entries=$e -t $t -f 1 -prof gc
        done
      done
    fi
    if has mixed; then
      run "mixed-jdk$v-r$r" "$j" 'MixedWorkloadBenchmark' -f 1
    fi
    if has breakdown; then
      run "breakdown-jdk$v-r$r" "$j" 'MissLoadBreakdownBenchmark' -f 1 -prof gc
    fi
  done
  if has stack; then
    run "breakdown-stack-jdk$v" "$j" 'MissLoadBreakdownBenchmark.(adaptiveDefault|caffeine)$' -f 1 -prof stack:lines=3
  fi
done
echo done >> "$out/DONE"
