#!/usr/bin/env bash
# Reruns on an idle machine (2026-12-03), library as of 51d7f3e (main after the revert of 2c7a275, same code):
#  cluster/  the Redis Cluster batch curve, JDK 17, 3 rounds: the same-day comparison for the reverted
#            single-pipeline write measured in ../2026-12-03-cluster/
#  getall/   getAll vs raw MGET + decode at 1-1,000 keys, JDK 25, 5 rounds (the idle run's JDK 25 intervals
#            reached 1.14x-1.19x)
#  putall1/  a one-key putAll vs raw pipelined SET PX and vs the same SET PX with a delivered log message,
#            JDK 17 and 25, 5 rounds each
# Each group runs through ../2026-12-02-redis/run.sh (interleaved rounds, one fork each, -prof gc, machine and
# load average recorded in each directory); report.py there tables and plots it.
#
#   mvn -B -q -o -DskipTests package -pl benchmarks -am && cp benchmarks/target/benchmarks.jar /tmp/b-rev.jar
#   JAR=/tmp/b-rev.jar bash docs/benchmark-results/2026-12-03-idle/run.sh
#   python3 docs/benchmark-results/2026-12-02-redis/report.py docs/benchmark-results/2026-12-03-idle/<group>
set -u
here="$(cd "$(dirname "$0")" && pwd)"
redis="$here/../2026-12-02-redis/run.sh"
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT="$here/cluster" ONLY=cluster ROUNDS=3 bash "$redis" java
OUT="$here/getall" ONLY=batch ROUNDS=5 BENCH='RedisBatchBenchmark.(cacheGetAll|rawMgetDecode)$' bash "$redis" "$jdk25"
OUT="$here/putall1" ONLY=batch ROUNDS=5 BATCHES=1 \
  BENCH='RedisBatchBenchmark.(cachePutAll|rawPipelinedSetPx|rawPipelinedSetPxAndLogDelivered)$' bash "$redis" java "$jdk25"
