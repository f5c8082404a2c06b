#!/usr/bin/env bash
# The Redis batch and hit paths beside raw Jedis, interleaved: each round runs every benchmark of a group
# once (one fork) before the next round starts, so ours and its baseline see the same stretch of machine
# load; report.py pools the rounds' iterations (as JMH pools forks). Records the machine (CPU model,
# cores, memory), the JDK and the load average before and after every run, because the machine is shared.
#
#   mvn -B -q -o -DskipTests package -pl benchmarks -am        # builds benchmarks/target/benchmarks.jar
#   ROUNDS=3 bash docs/benchmark-results/2026-12-02-redis/run.sh [java ...]   # default: java on the PATH
#   (ONLY=batch: the batch curve only; ONLY=hit: the hit only; ONLY=cluster: the Cluster batch curve only, as
#   run-cluster.sh runs it; BATCHES="1 10": those batch sizes only; OUT=dir: write there; JAR=path: another
#   copy of the jar, so that a rebuild cannot disturb a run; BENCH=regex: those batch or Cluster benchmarks
#   only, e.g. BENCH='RedisBatchBenchmark.(cacheGetAll|rawMgetDecode)$')
#   (PIN=1: the benchmark's JVM runs under `taskset -c 0` and every redis-server it starts under
#   `taskset -c 1` (RedisServerProcess's bench.redis.cpus), so that client and server never share a core;
#   the JVM then sizes itself for one CPU, ours and the baseline alike; JMH_ARGS="-wi 10": more JMH options,
#   e.g. a longer warm-up, which a JVM on one CPU needs because its JIT compiles on that CPU too)
#   python3 docs/benchmark-results/2026-12-02-redis/report.py   # tables (stdout) and SVG plots
set -u
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../../.."
jar="${JAR:-benchmarks/target/benchmarks.jar}"
out="${OUT:-$here}"
rounds="${ROUNDS:-3}"
mkdir -p "$out"
javas=("$@")
[ ${#javas[@]} -eq 0 ] && javas=(java)

machine() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "cores: $(nproc)"
  echo "memory: $(grep MemTotal /proc/meminfo | awk '{print $2 " kB"}')"
  echo "kernel: $(uname -sr)"
  [ "${PIN:-}" = 1 ] && echo "pinned: benchmark JVM on CPU 0 (taskset -c 0), redis-server on CPU 1"
}

run() { # name java args...
  local name=$1 j=$2; shift 2
  echo "$name start: $(cat /proc/loadavg)" >> "$out/load.txt"
  local pin=()
  [ "${PIN:-}" = 1 ] && pin=(taskset -c 0) && set -- "$@" -jvmArgsAppend -Dbench.redis.cpus=1
  # shellcheck disable=SC2086 # JMH_ARGS is a list of options
  "${pin[@]}" "$j" -Djmh.ignoreLock=true -jar "$jar" "$@" ${JMH_ARGS:-} -f 1 -rf json -rff "$out/$name.json" > "$out/$name.txt" 2>&1
  echo "$name end:   $(cat /proc/loadavg)" >> "$out/load.txt"
}

machine >> "$out/machine.txt"
for j in "${javas[@]}"; do
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  "$j" -version > "$out/jdk$v.txt" 2>&1
  for r in $(seq 1 "$rounds"); do
    if [ "${ONLY:-}" = cluster ]; then
      for b in ${BATCHES:-1 10 100 1000}; do
        run "cluster$b-jdk$v-r$r" "$j" "${BENCH:-RedisClusterBatchBenchmark}" -p batch=$b -prof gc
      done
      continue
    fi
    [ "${ONLY:-}" != batch ] && run "hit-jdk$v-r$r" "$j" \
        'RedisTierHitBenchmark.(redisTierGet|rawJedisGet|adaptiveCacheMemoryMissed)$' -prof gc
    [ "${ONLY:-}" = hit ] && continue
    for b in ${BATCHES:-1 10 100 1000}; do
      run "batch$b-jdk$v-r$r" "$j" "${BENCH:-RedisBatchBenchmark}" -p batch=$b -prof gc
    done
  done
done
echo done > "$out/DONE"
