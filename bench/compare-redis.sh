#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Side-by-side throughput of Cinnabar and redis-server under redis-benchmark, on the same machine.
#
#   bench/compare-redis.sh [--rounds N] [--quick]
#
# Both servers run without persistence on free ports, pinned to CPU 0; redis-benchmark is pinned to CPU 1.
# Cinnabar's JVM is warmed up by a discarded run, then every workload runs on Redis and Cinnabar in turn,
# round after round. Per row it prints the median over rounds of the Cinnabar/Redis throughput ratio and of
# each server's throughput, p50 and p99 latency (ms, from redis-benchmark's --csv). A command a server
# rejects (not implemented yet) is reported as n/a instead of stopping the run.
# Environment: REDIS_SERVER, REDIS_BENCHMARK override the binaries; CINNABAR_HEAP the heap size (1g).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
quick=0
while (($#)); do
  case "$1" in
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    --quick) quick=1; shift ;;
    -h|--help) sed -n '3,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-redis: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "compare-redis: --rounds needs a positive number" >&2; exit 2; }

redis_server="${REDIS_SERVER:-redis-server}"
redis_benchmark="${REDIS_BENCHMARK:-redis-benchmark}"
for tool in "$redis_server" "$redis_benchmark" taskset; do
  command -v "$tool" >/dev/null || { echo "compare-redis: $tool not found" >&2; exit 1; }
done
server_cpu=0
client_cpu=1
if (($(nproc --all) < 2)); then
  echo "compare-redis: fewer than 2 CPUs, server and client share CPU 0" >&2
  client_cpu=0
fi

# name|redis-benchmark options|tests; the request counts shrink tenfold with --quick
workloads=(
  "-P 1|-c 50 -P 1 -n 200000|set,get,incr,mset"
  "-P 16|-c 50 -P 16 -n 2000000|set,get,incr,mset"
  "-P 16 -r 1M -d 100|-c 50 -P 16 -n 2000000 -r 1000000 -d 100|set,get"
)
scale() { # divides every -n by 10 under --quick
  local opts="$1"
  if ((quick)); then
    opts="$(sed -E 's/-n ([0-9]+)0( |$)/-n \1\2/' <<<"$opts")"
  fi
  echo "$opts"
}

work="$(mktemp -d "${TMPDIR:-/tmp}/compare-redis.XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # a port no socket uses, below the kernel's ephemeral range (32768 and up)
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if [[ -z "$(ss -Htan "( sport = :$port )" 2>/dev/null)" ]] \
        && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "compare-redis: no free port found" >&2
  exit 1
}

wait_ready() { # port pid name log
  for _ in $(seq 1 300); do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "compare-redis: $3 exited during startup:" >&2
      cat "$4" >&2
      return 1
    fi
    if [[ "$(redis-cli -p "$1" ping 2>/dev/null || true)" == PONG ]]; then
      return 0
    fi
    sleep 0.1
  done
  echo "compare-redis: $3 did not answer PING on port $1" >&2
  return 1
}

# The distribution is built (unpinned) before the server starts, so the build does not count as startup.
"$root/cinnabar" version >/dev/null

redis_port="$(free_port)"
taskset -c "$server_cpu" "$redis_server" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
wait_ready "$redis_port" "$!" redis-server "$work/redis.log"

start_cinnabar() { # config file contents
  cinnabar_port="$(free_port)"
  printf '%s' "$1" >"$work/cinnabar.conf"
  taskset -c "$server_cpu" "$root/cinnabar" server "$work/cinnabar.conf" --port "$cinnabar_port" \
    --bind 127.0.0.1 --dir "$work/data" >"$work/cinnabar.log" 2>&1 &
  cinnabar_pid=$!
  wait_ready "$cinnabar_port" "$cinnabar_pid" cinnabar "$work/cinnabar.log"
}
# Persistence off, as for Redis; a build that has no persistence parameters yet refuses them.
if ! start_cinnabar $'save ""\nappendonly no\n' 2>/dev/null; then
  wait "$cinnabar_pid" 2>/dev/null || true
  echo "compare-redis: cinnabar refused save/appendonly (no persistence yet); starting it without them" >&2
  start_cinnabar ""
fi
pids+=("$cinnabar_pid")
java_version="$(sed -n 's/.* on Java \([^,]*\),.*/\1/p' "$work/cinnabar.log" | head -n 1)"

# bench port tests options -> "rps p50 p99" of the single test, or "n/a" when the server failed it
bench() {
  local out
  # shellcheck disable=SC2086
  if out="$(taskset -c "$client_cpu" "$redis_benchmark" -h 127.0.0.1 -p "$1" -t "$2" $3 --csv 2>/dev/null)"; then
    out="$(awk -F'","' 'NR == 2 && $2 != "" { print $2, $5, $7 }' <<<"$out")"
  else
    out=""
  fi
  echo "${out:-n/a}"
}

echo "Warming up Cinnabar (discarded runs)..." >&2
for w in "${workloads[@]}"; do
  IFS='|' read -r _ opts tests <<<"$w"
  for t in ${tests//,/ }; do
    bench "$cinnabar_port" "$t" "$(scale "$opts")" >/dev/null
  done
done

for ((round = 1; round <= rounds; round++)); do
  echo "Round $round of $rounds..." >&2
  for w in "${workloads[@]}"; do
    IFS='|' read -r name opts tests <<<"$w"
    opts="$(scale "$opts")"
    for t in ${tests//,/ }; do
      key="$(tr ' ' '_' <<<"$t $name")"
      bench "$redis_port" "$t" "$opts" >>"$work/$key.redis"
      bench "$cinnabar_port" "$t" "$opts" >>"$work/$key.cinnabar"
    done
  done
done

echo
echo "Cinnabar $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') on Java ${java_version:-?}" \
  "vs $("$redis_server" --version | sed -E "s/.*v=([^ ]*).*/Redis \1/"), $rounds round(s)$( ((quick)) && echo ', --quick'),"\
  "-c 50, medians over rounds"
printf '%-26s %8s %11s %11s %9s %9s %9s %9s\n' workload ratio "redis rps" "cinn rps" "redis p50" "cinn p50" \
  "redis p99" "cinn p99"
for w in "${workloads[@]}"; do
  IFS='|' read -r name _ tests <<<"$w"
  for t in ${tests//,/ }; do
    key="$(tr ' ' '_' <<<"$t $name")"
    paste -d' ' "$work/$key.redis" "$work/$key.cinnabar" | awk -v label="${t^^} $name" '
      function median(a, n,    i, j, t) {
        if (n == 0) return "n/a"
        for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      }
      {
        # a line is "rps p50 p99 rps p50 p99" (Redis then Cinnabar), with "n/a" for a side that failed
        i = 1
        if ($1 == "n/a") i = 2
        else { nr++; rr[nr] = $1; r50[nr] = $2; r99[nr] = $3; i = 4 }
        if ($i != "n/a") {
          nc++; cr[nc] = $i; c50[nc] = $(i + 1); c99[nc] = $(i + 2)
          if (i == 4 && $1 > 0) { nq++; q[nq] = $i / $1 }
        }
      }
      END {
        ratio = median(q, nq)
        printf "%-26s %8s %11s %11s %9s %9s %9s %9s\n", label,
          ratio == "n/a" ? "n/a" : sprintf("%.2f", ratio), fmt(median(rr, nr), "%.0f"), fmt(median(cr, nc), "%.0f"),
          fmt(median(r50, nr), "%.3f"), fmt(median(c50, nc), "%.3f"), fmt(median(r99, nr), "%.3f"),
          fmt(median(c99, nc), "%.3f")
      }
      function fmt(v, f) { return v == "n/a" ? "n/a" : sprintf(f, v) }'
  done
done
