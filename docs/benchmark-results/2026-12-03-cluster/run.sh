#!/usr/bin/env bash
# The Redis Cluster batch curve after the log append joined the write's cluster pipeline (versioned
# messages): RedisClusterBatchBenchmark (getAll and putAll through the cache on a three-master Cluster beside
# raw Jedis ClusterPipelines, and the by-hand reference rawClusterPipelinedSetPxAndLog) at 1, 10, 100 and
# 1,000 keys, in interleaved rounds, with the machine and load recorded: ../2026-12-02-redis/run.sh does the
# work (ONLY=cluster), report.py there tables and plots it.
#
#   mvn -B -q -o -DskipTests package -pl benchmarks -am && cp benchmarks/target/benchmarks.jar /tmp/b.jar
#   JAR=/tmp/b.jar ROUNDS=4 bash docs/benchmark-results/2026-12-03-cluster/run.sh java
#   JAR=/tmp/b.jar ROUNDS=3 bash docs/benchmark-results/2026-12-03-cluster/run.sh /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#   python3 docs/benchmark-results/2026-12-02-redis/report.py docs/benchmark-results/2026-12-03-cluster
set -u
here="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-$here}" ONLY=cluster exec bash "$here/../2026-12-02-redis/run.sh" "$@"
