#!/usr/bin/env bash
# The Cluster write after the invalidation log was sharded by master: cachePutAll beside raw per-node
# pipelined SET PX (the baseline) and the by-hand two-round-trip write the tier made before
# (rawClusterPipelinedSetPxThenLog), JDK 17 and 25, 3 interleaved rounds each, through
# ../2026-12-02-redis/run.sh (one fork per round, -prof gc, machine and load average recorded).
#
#   every-master/  library as of 8146763: every master a write touches logs its keys in the write's
#                  pipeline; batches 1, 10, 100, 1,000
#   one-master/    library as of bdf9269: only a write whose keys are all on one master is logged in the
#                  pipeline, others after every master answered; batches 1, 10, 100
#
#   mvn -B -q -o -DskipTests package -pl benchmarks -am && cp benchmarks/target/benchmarks.jar /tmp/b.jar
#   JAR=/tmp/b.jar OUT=docs/benchmark-results/2026-12-03-sharded-log/one-master BATCHES="1 10 100" \
#     bash docs/benchmark-results/2026-12-03-sharded-log/run.sh
#   python3 docs/benchmark-results/2026-12-02-redis/report.py docs/benchmark-results/2026-12-03-sharded-log/one-master
set -u
here="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-$here/every-master}" ONLY=cluster ROUNDS=3 \
  BENCH='RedisClusterBatchBenchmark.(cachePutAll|rawClusterPipelinedSetPx|rawClusterPipelinedSetPxThenLog)$' \
  bash "$here/../2026-12-02-redis/run.sh" java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
