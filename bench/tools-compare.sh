#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The offline tools against Redis's own on the same files: `rdb check` vs redis-check-rdb, `aof check` vs
# redis-check-aof, and the throughput and peak memory of inspect, convert and replay.
#
#   bench/tools-compare.sh [--keys N] [--rounds R] [--check-rounds C] [--value-size B] [--keep DIR]
#
# A redis-server (appendonly yes, no RDB preamble) receives N SETs of B-byte values through
# `redis-cli --pipe`, then SAVE: that gives a dump of N keys and a multi-part AOF of the same N commands.
# The two checks run C times (default 7) alternating with redis-check-rdb / redis-check-aof, every other
# tool R times (default 3); per row the medians of wall time, CPU
# time (user+sys, all threads: JIT and GC count) and peak RSS, the input's MB/s, and for the two checks the
# Cinnabar/Redis ratio of wall and CPU time. The machine's other load moves wall time more than CPU time.
# Environment: REDIS_SERVER, REDIS_CHECK_RDB, REDIS_CHECK_AOF override the binaries; CINNABAR_HEAP caps
# the tools' heap. --keep DIR keeps the generated files (reused by a later run with the same DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keys=1000000
rounds=3
check_rounds=7
value_size=10
keep=""
while (($#)); do
  case "$1" in
    --keys) keys="${2:?}"; shift 2 ;;
    --rounds) rounds="${2:?}"; shift 2 ;;
    --check-rounds) check_rounds="${2:?}"; shift 2 ;;
    --value-size) value_size="${2:?}"; shift 2 ;;
    --keep) keep="${2:?}"; shift 2 ;;
    -h|--help) sed -n '3,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "tools-compare: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
redis_server="${REDIS_SERVER:-redis-server}"
check_rdb="${REDIS_CHECK_RDB:-redis-check-rdb}"
check_aof="${REDIS_CHECK_AOF:-redis-check-aof}"
cinnabar="$root/cinnabar"
"$cinnabar" version >/dev/null # builds the distribution when missing, and starts its start-up cache
for _ in $(seq 1 360); do # on JDK 25+ the cache is made in the background (a niced training run): measure with it
  compgen -G "$root/cli/target/*.aot.lock" >/dev/null || break
  sleep 0.5
done

work="${keep:-$(mktemp -d "${TMPDIR:-/tmp}/tools-compare.XXXXXX")}"
mkdir -p "$work"
out="$work/out"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -z "$keep" ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT

if [[ ! -f "$work/data/dump.rdb" ]]; then
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  mkdir -p "$work/data"
  "$redis_server" --port "$port" --dir "$work/data" --save '' --appendonly yes --aof-use-rdb-preamble no \
    --appendfsync no >"$work/redis.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  awk -v n="$keys" -v size="$value_size" 'BEGIN {
      value = sprintf("%0" size "d", 0)
      for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$%d\r\nkey:%d\r\n$%d\r\n%s\r\n", length("key:" i), i, size, value
    }' | redis-cli -p "$port" --pipe >/dev/null
  redis-cli -p "$port" save >/dev/null
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
fi
rdb="$work/data/dump.rdb"
aofdir="$work/data/appendonlydir"
manifest="$(ls "$aofdir"/*.manifest)"
mb() { du -b "$@" | awk '{s += $1} END {printf "%.1f", s / 1e6}'; }
rdb_mb="$(mb "$rdb")"
aof_mb="$(mb "$aofdir")"

# One run: prints "wall cpu rss_kb"; the tool's exit code 0..3 is accepted (3 = done with problems).
run() {
  rm -rf "$out"
  /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/stderr" || true
  tail -n 1 "$work/time" | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}'
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

labels=() inputs=()
declare -A wall cpu rss
row() { # label input_mb command...
  local label="$1" input="$2"; shift 2
  labels+=("$label"); inputs+=("$input")
  local w="" c="" r="" result
  for _ in $(seq 1 "$rounds"); do
    result="$(run "$@")"
    w+="$(cut -d' ' -f1 <<<"$result")"$'\n'; c+="$(cut -d' ' -f2 <<<"$result")"$'\n'; r+="$(cut -d' ' -f3 <<<"$result")"$'\n'
  done
  wall[$label]="$(printf '%s' "$w" | median)"; cpu[$label]="$(printf '%s' "$c" | median)"
  rss[$label]="$(printf '%s' "$r" | median)"
}

# The two checks, whose ratios are the goal, alternate run by run with Redis's own (check_rounds of each),
# so a change in the machine's load falls on both sides alike.
pair() { # label_a label_b input_mb -- command_a -- command_b
  local la="$1" lb="$2" input="$3"; shift 4
  local a=() b=()
  while [[ "$1" != "--" ]]; do a+=("$1"); shift; done
  shift; b=("$@")
  labels+=("$la" "$lb"); inputs+=("$input" "$input")
  local wa="" ca="" ra="" wb="" cb="" rb="" result
  for _ in $(seq 1 "$check_rounds"); do
    result="$(run "${a[@]}")"
    wa+="$(cut -d' ' -f1 <<<"$result")"$'\n'; ca+="$(cut -d' ' -f2 <<<"$result")"$'\n'; ra+="$(cut -d' ' -f3 <<<"$result")"$'\n'
    result="$(run "${b[@]}")"
    wb+="$(cut -d' ' -f1 <<<"$result")"$'\n'; cb+="$(cut -d' ' -f2 <<<"$result")"$'\n'; rb+="$(cut -d' ' -f3 <<<"$result")"$'\n'
  done
  wall[$la]="$(printf '%s' "$wa" | median)"; cpu[$la]="$(printf '%s' "$ca" | median)"; rss[$la]="$(printf '%s' "$ra" | median)"
  wall[$lb]="$(printf '%s' "$wb" | median)"; cpu[$lb]="$(printf '%s' "$cb" | median)"; rss[$lb]="$(printf '%s' "$rb" | median)"
}

pair "redis-check-rdb" "rdb check" "$rdb_mb" -- "$check_rdb" "$rdb" -- "$cinnabar" rdb check "$rdb"
pair "redis-check-aof" "aof check" "$aof_mb" -- "$check_aof" "$manifest" -- "$cinnabar" aof check "$aofdir"
row "rdb inspect" "$rdb_mb" "$cinnabar" rdb inspect "$rdb"
row "rdb inspect --memory" "$rdb_mb" "$cinnabar" rdb inspect --memory "$rdb"
row "rdb convert --to jsonl" "$rdb_mb" "$cinnabar" rdb convert "$rdb" --to jsonl --out "$out"
row "rdb convert --to resp" "$rdb_mb" "$cinnabar" rdb convert "$rdb" --to resp --out "$out"
row "rdb convert --to sqlite" "$rdb_mb" "$cinnabar" rdb convert "$rdb" --to sqlite --out "$out"
row "rdb convert --to rdb --rdb-version 9" "$rdb_mb" "$cinnabar" rdb convert "$rdb" --to rdb --rdb-version 9 --out "$out"
row "aof inspect" "$aof_mb" "$cinnabar" aof inspect "$aofdir"
row "aof convert --to jsonl" "$aof_mb" "$cinnabar" aof convert "$aofdir" --to jsonl --out "$out"
row "aof replay --to-rdb" "$aof_mb" "$cinnabar" aof replay "$aofdir" --to-rdb "$out"

printf '%s keys; dump %s MB, AOF %s MB; medians of %s runs (the checks: %s, interleaved)\n' "$keys" "$rdb_mb" "$aof_mb" \
  "$rounds" "$check_rounds"
printf '%-38s %8s %8s %9s %9s\n' tool wall_s cpu_s MB/s rss_MB
for i in "${!labels[@]}"; do
  l="${labels[$i]}"
  printf '%-38s %8s %8s %9s %9s\n' "$l" "${wall[$l]}" "${cpu[$l]}" \
    "$(awk -v m="${inputs[$i]}" -v t="${wall[$l]}" 'BEGIN {printf "%.1f", (t > 0 ? m / t : 0)}')" \
    "$(awk -v k="${rss[$l]}" 'BEGIN {printf "%.0f", k / 1024}')"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
printf 'rdb check / redis-check-rdb: wall %s, cpu %s\n' \
  "$(ratio "${wall[rdb check]}" "${wall[redis-check-rdb]}")" "$(ratio "${cpu[rdb check]}" "${cpu[redis-check-rdb]}")"
printf 'aof check / redis-check-aof: wall %s, cpu %s\n' \
  "$(ratio "${wall[aof check]}" "${wall[redis-check-aof]}")" "$(ratio "${cpu[aof check]}" "${cpu[redis-check-aof]}")"
