#!/usr/bin/env bash
# Issue 17's Redis figures that earlier runs left unresolved, rerun with client and server pinned to
# separate cores (PIN=1: the benchmark's JVM under `taskset -c 0`, every redis-server it starts under
# `taskset -c 1`), JDK 17 and 25, 3 interleaved rounds of one fork each, 10 warm-up iterations (a JVM on
# one CPU compiles on the CPU it measures on: 3 did not finish the JIT's work in a first try), through
# ../2026-12-02-redis/run.sh (-prof gc, machine and load average recorded).
#
#   standalone/  the Redis hit (memory off) and, at 1, 10, 100 and 1,000 keys, getAll beside raw MGET +
#                decode, putAll beside raw pipelined SET PX and the raw write carrying the same delivered
#                log message (a reference)
#
#   mvn -B -q -o -DskipTests package -pl benchmarks -am && cp benchmarks/target/benchmarks.jar /tmp/b.jar
#   JAR=/tmp/b.jar bash docs/benchmark-results/2026-12-03-pinned/run.sh
#   python3 docs/benchmark-results/2026-12-02-redis/report.py docs/benchmark-results/2026-12-03-pinned/standalone
set -u
here="$(cd "$(dirname "$0")" && pwd)"
javas=(java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
OUT="${OUT:-$here/standalone}" PIN=1 JMH_ARGS="-wi 10" ROUNDS="${ROUNDS:-3}" \
  BENCH='RedisBatchBenchmark.(cacheGetAll|rawMgetDecode|cachePutAll|rawPipelinedSetPx|rawPipelinedSetPxAndLogDelivered)$' \
  bash "$here/../2026-12-02-redis/run.sh" "${javas[@]}"
