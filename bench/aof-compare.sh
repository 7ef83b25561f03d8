#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SET throughput with the append-only file on, Cinnabar against redis-server, under redis-benchmark.
#
#   bench/aof-compare.sh [-n REQUESTS] [-c CLIENTS]
#
# For appendfsync always and everysec, starts each server with appendonly yes in a fresh directory (both
# pinned to CPU 0, redis-benchmark to CPU 1), runs `redis-benchmark -t set` and prints requests per second
# and the Cinnabar/Redis ratio. fsync cost depends on the disk under TMPDIR: the ratio is the figure to read.
# Environment: REDIS_SERVER, REDIS_BENCHMARK override the binaries.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests=100000
clients=50
while (($#)); do
  case "$1" in
    -n) requests="$2"; shift 2 ;;
    -c) clients="$2"; shift 2 ;;
    -h|--help) sed -n '3,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "aof-compare: unknown option $1" >&2; exit 2 ;;
  esac
done
redis_server="${REDIS_SERVER:-redis-server}"
redis_benchmark="${REDIS_BENCHMARK:-redis-benchmark}"
client_cpu=1; (($(nproc --all) < 2)) && client_cpu=0
work="$(mktemp -d "${TMPDIR:-/tmp}/aof-compare.XXXXXX")"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { # port
  for _ in $(seq 1 300); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "aof-compare: server on $1 did not start" >&2; exit 1
}
rps() { # port
  taskset -c "$client_cpu" "$redis_benchmark" -p "$1" -t set -n "$requests" -c "$clients" -P 1 --csv -q \
    | awk -F, 'NR==2 {gsub(/"/,"",$2); print $2}'
}
printf '%-10s %14s %14s %8s\n' appendfsync redis_rps cinnabar_rps ratio
for fsync in always everysec; do
  mkdir -p "$work/redis-$fsync" "$work/cinnabar-$fsync"
  rport="$(free_port)"
  taskset -c 0 "$redis_server" --port "$rport" --bind 127.0.0.1 --save '' --appendonly yes \
    --appendfsync "$fsync" --dir "$work/redis-$fsync" >"$work/redis-$fsync.log" 2>&1 &
  pids+=($!); wait_ready "$rport"
  cport="$(free_port)"
  taskset -c 0 "$root/cinnabar" server --port "$cport" --bind 127.0.0.1 --dir "$work/cinnabar-$fsync" \
    --appendonly yes --appendfsync "$fsync" >"$work/cinnabar-$fsync.log" 2>&1 &
  pids+=($!); wait_ready "$cport"
  # warm the JVM up with a discarded run
  rps "$cport" >/dev/null
  r="$(rps "$rport")"
  c="$(rps "$cport")"
  printf '%-10s %14s %14s %8.2f\n' "$fsync" "$r" "$c" "$(echo "$c / $r" | bc -l)"
  redis-cli -p "$rport" shutdown nosave >/dev/null 2>&1 || true
  redis-cli -p "$cport" shutdown nosave >/dev/null 2>&1 || true
done
