#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# RDB save and load of the same DEBUG POPULATE-style data set ("key:N" -> "value:N") on redis-server and
# Cinnabar, plus Cinnabar's engine-thread pause during BGSAVE under a write load (PersistenceBench).
#
#   bench/persistence-compare.sh [keys]     (default 1000000; build first: mvn -o -pl spi,engine-core,bench compile)
#   JAVA=/path/to/java JAVA_OPTS=-XX:+UseZGC bench/persistence-compare.sh   (the JVM and GC ./cinnabar picks
#   on JDK 21+; the default is `java` with G1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keys="${1:-1000000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/persistence-compare.XXXXXX")"
port=6531
redis-server --port "$port" --save '' --appendonly no --daemonize yes --dir "$work" --logfile "$work/redis.log" \
  --enable-debug-command yes
sleep 0.5
redis-cli -p "$port" debug populate "$keys" >/dev/null
t0=$(date +%s%N); redis-cli -p "$port" save >/dev/null; t1=$(date +%s%N)
echo "redis-server: SAVE $(( (t1 - t0) / 1000000 )) ms, file $(stat -c %s "$work/dump.rdb") bytes"
redis-cli -p "$port" shutdown nosave >/dev/null || true
sleep 0.5
redis-server --port "$port" --save '' --appendonly no --daemonize yes --dir "$work" --logfile "$work/redis.log"
until redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; do sleep 0.1; done
echo "redis-server: $(grep -o 'DB loaded from disk: .*' "$work/redis.log" | tail -1)"
redis-cli -p "$port" shutdown nosave >/dev/null || true
jars="$(find ~/.m2/repository/io/netty -name '*4.1.118.Final*.jar' ! -name '*sources*' | tr '\n' ':')"
jars+="$(find ~/.m2/repository/com/fasterxml/jackson/core -name '*-2.17.2.jar' | tr '\n' ':')"
cp="$root/bench/target/classes:$root/engine-core/target/classes:$root/spi/target/classes:$jars"
${JAVA:-java} -Xmx4g -Xms4g ${JAVA_OPTS:-} -cp "$cp" dev.cinnabar.bench.PersistenceBench "$keys" 8 "$work/cinnabar" 2>/dev/null
rm -rf "$work"
