#!/usr/bin/env bash
# Cost curves of the file tier (1k, 10k, 100k entries; a put that crosses the cap) and of key building,
# each beside its baseline in the same JMH run. Records the machine (CPU model, cores, memory), the JDK
# and the load average before and after every run beside the results, because the machine is shared.
#
#   mvn -B -q -DskipTests package                       # builds benchmarks/target/benchmarks.jar
#   bash docs/benchmark-results/2026-12-02/run.sh [java ...]   # default: java on the PATH
#   python3 docs/benchmark-results/2026-12-02/report.py        # tables (stdout) and SVG plots
set -u
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../../.."
jar=benchmarks/target/benchmarks.jar
out="${OUT:-$here}"
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
  echo "$name start: $(cat /proc/loadavg)" >> "$out/load.txt"
  "$j" -jar "$jar" "$@" -rf json -rff "$out/$name.json" > "$out/$name.txt" 2>&1
  echo "$name end:   $(cat /proc/loadavg)" >> "$out/load.txt"
}

machine > "$out/machine.txt"
for j in "${javas[@]}"; do
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  "$j" -version > "$out/jdk$v.txt" 2>&1
  run "key-jdk$v" "$j" 'CacheKeyBenchmark' -f 5 -wi 3 -i 5 -prof gc
  run "file-jdk$v" "$j" 'FileTierBenchmark.(fileTierHit|rawReadAllBytes|fileTierAtomicWrite|rawWrite)$'
  run "file-cap-jdk$v" "$j" 'FileTierBenchmark.put(Crossing|Below)Cap' -wi 10 -i 30
done
echo done > "$out/DONE"
