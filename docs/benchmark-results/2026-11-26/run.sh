#!/usr/bin/env bash
set -u
cd "$(dirname "$0")/../../.."
mkdir -p /tmp/bench
J17=java
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for jv in 17 25; do
  if [ $jv = 17 ]; then J=$J17; else J=$J25; fi
  $J -version > /tmp/bench/jdk$jv.txt 2>&1
  $J -jar benchmarks/target/benchmarks.jar 'InProcessHitBenchmark' -t 1 -prof gc -rf json -rff /tmp/bench/inproc-t1-jdk$jv.json > /tmp/bench/inproc-t1-jdk$jv.txt 2>&1
  $J -jar benchmarks/target/benchmarks.jar 'InProcessHitBenchmark' -t 2 -prof gc -rf json -rff /tmp/bench/inproc-t2-jdk$jv.json > /tmp/bench/inproc-t2-jdk$jv.txt 2>&1
  $J -jar benchmarks/target/benchmarks.jar 'CacheKeyBenchmark' -prof gc -rf json -rff /tmp/bench/key-jdk$jv.json > /tmp/bench/key-jdk$jv.txt 2>&1
  $J -jar benchmarks/target/benchmarks.jar 'FileTierBenchmark' -rf json -rff /tmp/bench/file-jdk$jv.json > /tmp/bench/file-jdk$jv.txt 2>&1
  $J -jar benchmarks/target/benchmarks.jar 'RedisTierHit' -prof gc -rf json -rff /tmp/bench/redis-jdk$jv.json > /tmp/bench/redis-jdk$jv.txt 2>&1
  $J -jar benchmarks/target/benchmarks.jar 'MongoTierHit' -rf json -rff /tmp/bench/mongo-jdk$jv.json > /tmp/bench/mongo-jdk$jv.txt 2>&1
  $J -jar benchmarks/target/benchmarks.jar 'Outage' -rf json -rff /tmp/bench/outage-jdk$jv.json > /tmp/bench/outage-jdk$jv.txt 2>&1
  $J -jar benchmarks/target/benchmarks.jar 'LoadStormBenchmark.storm|CrossInstanceLoadStorm' -rf json -rff /tmp/bench/storm-jdk$jv.json > /tmp/bench/storm-jdk$jv.txt 2>&1
done
echo done > /tmp/bench/DONE
