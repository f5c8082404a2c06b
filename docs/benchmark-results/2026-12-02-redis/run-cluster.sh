#!/usr/bin/env bash
# The Redis Cluster batch curve (RedisClusterBatchBenchmark: getAll and putAll through the cache on a
# three-master Cluster beside raw Jedis ClusterPipelines, at 1, 10, 100 and 1,000 keys) in interleaved
# rounds: each round runs ours and its baseline back to back in one JMH invocation per batch size (one fork,
# -prof gc), and the next round only starts when the last one ended, so both sides see the same stretch of
# machine load. Records the machine, the JDK and the load average before and after every run (run.sh does
# the work, with ONLY=cluster); report.py pools the rounds' iterations and prints the Cluster table.
#
#   mvn -B -q -o -DskipTests package -pl benchmarks -am        # builds benchmarks/target/benchmarks.jar
#   ROUNDS=3 bash docs/benchmark-results/2026-12-02-redis/run-cluster.sh [java ...]   # default: java on the PATH
#   (OUT=dir: write there, default cluster/ beside this script; JAR=path: another copy of the jar;
#   BATCHES="10 100": those batch sizes only)
#   python3 docs/benchmark-results/2026-12-02-redis/report.py docs/benchmark-results/2026-12-02-redis/cluster
set -u
here="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-$here/cluster}" ONLY=cluster exec bash "$here/run.sh" "$@"
