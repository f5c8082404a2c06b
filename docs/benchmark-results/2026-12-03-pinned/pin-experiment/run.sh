#!/usr/bin/env bash
# The first look at pinning (2026-12-03 07:35-07:40 UTC, library as of 0830619 plus bench.redis.cpus): getAll of
# 100 keys beside raw MGET + decode on JDK 25, 3 forks each, twice unpinned and twice pinned (the JVM on CPU 0,
# redis-server on CPU 1), alternating. Run from the repository root after building the benchmarks jar.
set -x
B='RedisBatchBenchmark.(cacheGetAll|rawMgetDecode)$'
for k in 1 2; do
cat /proc/loadavg
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar "$B" -p batch=100 -f 3 -rf json -rff unpinned$k.json > unpinned$k.txt 2>&1
cat /proc/loadavg
taskset -c 0 /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar "$B" -p batch=100 -f 3 -jvmArgsAppend -Dbench.redis.cpus=1 -rf json -rff pinned$k.json > pinned$k.txt 2>&1
done
echo done > DONE
