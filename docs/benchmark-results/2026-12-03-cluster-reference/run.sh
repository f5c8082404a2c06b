#!/usr/bin/env bash
# The Cluster figures issue 17 left open, on the three-master Cluster, not pinned (as the earlier Cluster
# runs), JDK 17 and 25, 3 interleaved rounds of one fork each, through ../2026-12-02-redis/run.sh
# (-prof gc, machine and load average recorded):
#   1 key:     cachePutAll beside raw SET PX and the new reference rawClusterPipelinedSetPxAndLogDelivered
#              (the same SET with the tier's log script in the same pipeline on the key's node: the
#              one-key write by hand), to say where a one-key write's time goes
#   1,000 keys: cacheGetAll beside raw per-node pipelined GET + decode
#
#   mvn -B -q -o -DskipTests package -pl benchmarks -am && cp benchmarks/target/benchmarks.jar /tmp/b.jar
#   JAR=/tmp/b.jar bash docs/benchmark-results/2026-12-03-cluster-reference/run.sh
#   python3 docs/benchmark-results/2026-12-02-redis/report.py docs/benchmark-results/2026-12-03-cluster-reference
set -u
here="$(cd "$(dirname "$0")" && pwd)"
javas=(java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
OUT="${OUT:-$here}" ONLY=cluster ROUNDS="${ROUNDS:-3}" BATCHES=1 \
  BENCH='RedisClusterBatchBenchmark.(cachePutAll|rawClusterPipelinedSetPx|rawClusterPipelinedSetPxAndLogDelivered)$' \
  bash "$here/../2026-12-02-redis/run.sh" "${javas[@]}"
OUT="${OUT:-$here}" ONLY=cluster ROUNDS="${ROUNDS:-3}" BATCHES=1000 \
  BENCH='RedisClusterBatchBenchmark.(cacheGetAll|rawClusterGetDecode)$' \
  bash "$here/../2026-12-02-redis/run.sh" "${javas[@]}"
