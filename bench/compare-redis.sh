#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Side-by-side throughput of Cinnabar and redis-server under redis-benchmark, on the same machine.
#
#   bench/compare-redis.sh [--rounds N] [--quick] [--setup 'COMMAND ...']... [--workload 'LABEL|OPTIONS|COMMAND ...']...
#
# --workload replaces the default workloads with redis-benchmark running one command line (redis-benchmark
# substitutes __rand_int__ as usual), e.g. --workload 'PFADD|-c 50 -n 200000 -r 100000|PFADD hll __rand_int__'.
# --setup runs a command line with redis-cli on both servers before anything is measured (SCRIPT LOAD for an
# EVALSHA workload, keys a read workload needs); lines run in the order given.
#
# Both servers run without persistence on free ports, pinned to CPU 0; redis-benchmark is pinned to CPU 1.
# Cinnabar's JVM is warmed up by a discarded run, then every workload runs on Redis and Cinnabar in turn,
# round after round. Per row it prints medians over rounds of: the Cinnabar/Redis throughput ratio; the
# Redis/Cinnabar ratio of server CPU time per request (from /proc, all threads, so JIT and GC count), which
# other load on the machine disturbs less than throughput; each server's throughput and p50/p99 latency
# (from redis-benchmark's --csv); and each server's CPU time per request. A command a server rejects (not
# implemented yet) is reported as n/a instead of stopping the run. The collection rows are redis-benchmark's
# own tests on its keys (mylist, myset, myset_zset…), run in the order listed, so LPOP/RPOP and SPOP/ZPOPMIN
# pop what the pushes and adds before them left, the same on both servers; an LRANGE row's server CPU also
# counts the LPUSH that redis-benchmark runs first to fill the list.
# Environment: REDIS_SERVER, REDIS_BENCHMARK override the binaries; CINNABAR_HEAP the heap size (1g).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
quick=0
setups=()
custom=()
while (($#)); do
  case "$1" in
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    --quick) quick=1; shift ;;
    --setup) setups+=("${2:?--setup needs a command line}"); shift 2 ;;
    --workload) custom+=("${2:?--workload needs LABEL|OPTIONS|COMMAND}"); shift 2 ;;
    -h|--help) sed -n '3,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
collections="lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin"
workloads=(
  "-P 1|-c 50 -P 1 -n 200000|set,get,incr,mset,$collections,lrange_100,lrange_600"
  "-P 16|-c 50 -P 16 -n 2000000|set,get,incr,mset,$collections"
  "-P 16 -r 1M -d 100|-c 50 -P 16 -n 2000000 -r 1000000 -d 100|set,get"
)
if ((${#custom[@]})); then
  # a custom workload's "test" field holds its command line, run in place of -t
  workloads=()
  for w in "${custom[@]}"; do
    IFS='|' read -r name opts command <<<"$w"
    [[ -n "$command" ]] || { echo "compare-redis: --workload needs LABEL|OPTIONS|COMMAND: $w" >&2; exit 2; }
    workloads+=("$name|$opts|cmd:$command")
  done
fi
split_tests() { # a workload's tests into tests_list: a custom command line is one test
  if [[ "$1" == cmd:* ]]; then tests_list=("$1"); else IFS=',' read -r -a tests_list <<<"$1"; fi
}
key_of() { # test name -> a file name for its results
  tr -c 'A-Za-z0-9_.-' '_' <<<"$1 $2"
}
label_of() { # test name -> its row label: a custom workload shows its label only
  if [[ "$1" == cmd:* ]]; then echo "$2"; else echo "${1^^} $2"; fi
}
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
redis_pid=$!
pids+=("$redis_pid")
wait_ready "$redis_port" "$redis_pid" redis-server "$work/redis.log"

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

tick_us=$((1000000 / $(getconf CLK_TCK)))
cpu_ticks() { # user + system time of a process and all its threads, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# bench port pid test options -> "rps p50 p99 cpu" of the single test (cpu: the server's CPU time per
# request in microseconds), or "n/a n/a n/a n/a" when the server failed the test or it timed out
bench() {
  local out before after requests
  requests="$(sed -E 's/.*-n ([0-9]+).*/\1/' <<<"$4")"
  before="$(cpu_ticks "$2")"
  # shellcheck disable=SC2086
  # a time limit, as redis-benchmark can spin forever on a connection it lost
  local test=(-t "$3")
  if [[ "$3" == cmd:* ]]; then
    set -f  # a command line word such as XADD's * must reach redis-benchmark, not glob
    # shellcheck disable=SC2206
    test=(${3#cmd:})
    set +f
  fi
  if out="$(timeout 900 taskset -c "$client_cpu" "$redis_benchmark" -h 127.0.0.1 -p "$1" $4 --csv "${test[@]}" 2>/dev/null)"; then
    after="$(cpu_ticks "$2")"
    # the last row: LRANGE tests report the LPUSH that fills the list first
    out="$(awk -F'","' -v cpu="$(((after - before) * tick_us))" -v n="$requests" \
      'NR >= 2 && $2 != "" { row = sprintf("%s %s %s %.3f", $2, $5, $7, cpu / n) } END { if (row != "") print row }' <<<"$out")"
  else
    out=""
  fi
  echo "${out:-n/a n/a n/a n/a}"
}

for line in "${setups[@]}"; do
  for port in "$redis_port" "$cinnabar_port"; do
    printf '%s\n' "$line" | redis-cli -p "$port" >/dev/null
  done
done

echo "Warming up Cinnabar (discarded runs)..." >&2
for w in "${workloads[@]}"; do
  IFS='|' read -r _ opts tests <<<"$w"
  split_tests "$tests"
  for t in "${tests_list[@]}"; do
    bench "$cinnabar_port" "$cinnabar_pid" "$t" "$(scale "$opts")" >/dev/null
  done
done

for ((round = 1; round <= rounds; round++)); do
  echo "Round $round of $rounds..." >&2
  for w in "${workloads[@]}"; do
    IFS='|' read -r name opts tests <<<"$w"
    opts="$(scale "$opts")"
    split_tests "$tests"
    for t in "${tests_list[@]}"; do
      key="$(key_of "$t" "$name")"
      bench "$redis_port" "$redis_pid" "$t" "$opts" >>"$work/$key.redis"
      bench "$cinnabar_port" "$cinnabar_pid" "$t" "$opts" >>"$work/$key.cinnabar"
    done
  done
done

echo
echo "Cinnabar $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') on Java ${java_version:-?}" \
  "vs $("$redis_server" --version | sed -E "s/.*v=([^ ]*).*/Redis \1/"), $rounds round(s)$( ((quick)) && echo ', --quick'),"\
  "-c 50, medians over rounds"
printf '%-24s %6s %6s %9s %9s %7s %7s %7s %7s %7s %7s\n' "" "rps" "cpu" "redis" "cinnabar" "redis" "cinn" \
  "redis" "cinn" "redis" "cinn"
printf '%-24s %6s %6s %9s %9s %7s %7s %7s %7s %7s %7s\n' workload ratio ratio rps rps "p50" "p50" "p99" "p99" \
  "cpu/req" "cpu/req"
for w in "${workloads[@]}"; do
  IFS='|' read -r name _ tests <<<"$w"
  split_tests "$tests"
  for t in "${tests_list[@]}"; do
    key="$(key_of "$t" "$name")"
    paste -d' ' "$work/$key.redis" "$work/$key.cinnabar" | awk -v label="$(label_of "$t" "$name")" '
      function median(a, n,    i, j, t) {
        if (n == 0) return "n/a"
        for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      }
      function fmt(v, f) { return v == "n/a" ? "n/a" : sprintf(f, v) }
      # a line is "rps p50 p99 cpu" for Redis then for Cinnabar, "n/a" in each field of a side that failed
      $1 != "n/a" { nr++; for (k = 1; k <= 4; k++) r[k, nr] = $k }
      $5 != "n/a" { nc++; for (k = 1; k <= 4; k++) c[k, nc] = $(k + 4) }
      $1 != "n/a" && $5 != "n/a" {
        if ($1 > 0) q[++nq] = $5 / $1
        if ($8 > 0) u[++nu] = $4 / $8
      }
      END {
        for (k = 1; k <= 4; k++) {
          delete a; for (i = 1; i <= nr; i++) a[i] = r[k, i]; rm[k] = median(a, nr)
          delete a; for (i = 1; i <= nc; i++) a[i] = c[k, i]; cm[k] = median(a, nc)
        }
        printf "%-24s %6s %6s %9s %9s %7s %7s %7s %7s %7s %7s\n", label, fmt(median(q, nq), "%.2f"),
          fmt(median(u, nu), "%.2f"), fmt(rm[1], "%.0f"), fmt(cm[1], "%.0f"), fmt(rm[2], "%.3f"), fmt(cm[2], "%.3f"),
          fmt(rm[3], "%.3f"), fmt(cm[3], "%.3f"), fmt(rm[4], "%.2f"), fmt(cm[4], "%.2f")
      }'
  done
done
echo "rps ratio: Cinnabar/Redis throughput. cpu ratio: Redis/Cinnabar server CPU time per request (above 1:"
echo "Cinnabar spends less), less sensitive to other load on the machine. p50/p99 in ms, cpu/req in us."
