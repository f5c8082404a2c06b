#!/bin/bash
# Paired rounds of SpringCacheHitBenchmark, for a shared, loaded machine. Each round runs the direct
# AdaptiveCache baselines and the Spring Cache paths as two JMH invocations back to back, alternating which
# goes first, so that load drift falls on both sides alike; paired-ratios.py takes the ratio within each
# round and reports their geometric mean with a 95% t-interval over the rounds.
#
#   mvn -B -q -DskipTests -pl benchmarks -am package
#   bash docs/benchmark-results/2026-12-02-spring/paired-rounds.sh /tmp/spring-rounds 16
#   python3 docs/benchmark-results/2026-12-02-spring/paired-ratios.py /tmp/spring-rounds
set -eu
OUT=${1:?output directory}
ROUNDS=${2:-16}
JAR=$OUT/benchmarks.jar
mkdir -p "$OUT"
cp benchmarks/target/benchmarks.jar "$JAR"   # later builds cannot change a running measurement
JMH=(java -Djmh.ignoreLock=true -jar "$JAR" -f 1 -wi 3 -w 1 -i 5 -r 1 -t 1 -prof gc
  -prof 'io.tradingagents.benchmarks.SpringCacheHitBenchmark$ThreadCpuTime' -rf json)
run() { "${JMH[@]}" -rff "$OUT/$1-$2.json" "SpringCacheHitBenchmark\.$1" > "$OUT/$1-$2.log" 2>&1; }
for i in $(seq 1 "$ROUNDS"); do
  uptime > "$OUT/load-$i.txt"
  if [ $((i % 2)) -eq 1 ]; then run direct "$i"; run spring "$i"; else run spring "$i"; run direct "$i"; fi
  uptime >> "$OUT/load-$i.txt"
done
