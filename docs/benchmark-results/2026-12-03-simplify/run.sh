#!/usr/bin/env bash
# The write path before and after 8692066 (one log-append plan for every write): the one-key putAll on one
# server and on the three-master Cluster, each beside its raw baseline, JDK 17, the two jars alternating
# round by round (3 rounds), through ../2026-12-02-redis/run.sh (one fork per round, -prof gc).
#
#   git checkout b217ee4 && mvn -B -q -o -DskipTests package -pl benchmarks -am && cp benchmarks/target/benchmarks.jar /tmp/before.jar
#   git checkout 8692066 && mvn -B -q -o -DskipTests package -pl benchmarks -am && cp benchmarks/target/benchmarks.jar /tmp/after.jar
#   BEFORE=/tmp/before.jar AFTER=/tmp/after.jar bash docs/benchmark-results/2026-12-03-simplify/run.sh
#   python3 docs/benchmark-results/2026-12-02-redis/report.py docs/benchmark-results/2026-12-03-simplify/<jar>
set -u
here="$(cd "$(dirname "$0")" && pwd)"
redis="$here/../2026-12-02-redis/run.sh"
for r in 1 2 3; do
  for jar in before after; do
    tmp=$(mktemp -d)
    j=BEFORE; [ $jar = after ] && j=AFTER
    OUT=$tmp JAR=${!j} ONLY=batch ROUNDS=1 BATCHES=1 BENCH='RedisBatchBenchmark.(cachePutAll|rawPipelinedSetPx)$' \
      bash "$redis" java
    OUT=$tmp JAR=${!j} ONLY=cluster ROUNDS=1 BATCHES=1 \
      BENCH='RedisClusterBatchBenchmark.(cachePutAll|rawClusterPipelinedSetPx)$' bash "$redis" java
    mkdir -p "$here/$jar"
    for f in "$tmp"/*-r1.*; do b=$(basename "$f"); mv "$f" "$here/$jar/${b/-r1./-r$r.}"; done
    cat "$tmp/load.txt" >> "$here/$jar/load.txt"; cp "$tmp/machine.txt" "$tmp/jdk17.txt" "$here/$jar/"
    rm -rf "$tmp"
  done
done
