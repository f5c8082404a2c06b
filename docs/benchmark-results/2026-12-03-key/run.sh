#!/usr/bin/env bash
# Issue 17's key-building figure at the end of the fourth session (library as of 95dffd3): building the
# common key shape beside concatenating its fields, 5 forks, JDK 17 and 25, -prof gc.
#   JAR=/tmp/b.jar bash docs/benchmark-results/2026-12-03-key/run.sh
# JDK 17 was then run again with 10 forks (key-jdk17-f10.*: the same command with -f 10), because one of
# its 5 forks measured 346 ns.
set -u
out="$(cd "$(dirname "$0")" && pwd)"
K='CacheKeyBenchmark.(buildKey|concatenateFields)$'
for j in java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  echo "key-jdk$v start: $(cat /proc/loadavg)" >> "$out/load.txt"
  "$j" -Djmh.ignoreLock=true -jar "$JAR" "$K" -f 5 -wi 3 -i 5 -prof gc -rf json -rff "$out/key-jdk$v.json" > "$out/key-jdk$v.txt" 2>&1
  echo "key-jdk$v end:   $(cat /proc/loadavg)" >> "$out/load.txt"
done
