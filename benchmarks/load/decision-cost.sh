#!/usr/bin/env bash
# What recording match decisions costs the lookup throughput (issue 26: target <= 10 %): one bank of ENTRIES random
# PDQ entries (SQLite), then ROUNDS rounds of the same two loads, each run once with decisions recorded (the default
# --retain-decisions 365) and once without (--retain-decisions 0), alternating so drift falls on both:
#   lookups in batches of 100 (4 connections) and one hash per request (16 connections, then 128: a request waits for
#   the commit holding its decision, so the two show whether the cost is latency or work). By default every query matches, so
#   every hash looked up is a decision: the worst case (real traffic matches rarely).
# Prints each run with the server's CPU time per hash, then per load the median requests/s and CPU per hash of each
# mode and their ratios (recorded / not recorded), and how many decisions the store holds.
# With MATCH_PERCENT below 100, only that share of the hashes looked up match (the rest are random hashes), as in real
# traffic, where matches are rare; the cost of recording scales with the decisions made.
# Usage: benchmarks/load/decision-cost.sh [ENTRIES (default 1000000)] [SECONDS per run (default 15)] [ROUNDS (default 3)] [MATCH_PERCENT (default 100)]
# Needs: a Release build (dotnet build HashMatch.sln -c Release), wrk, curl, jq, ffmpeg (Debian packages).
set -euo pipefail
entries=${1:-1000000}
seconds=${2:-15}
rounds=${3:-3}
export MATCH_PERCENT=${4:-100}
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/benchmarks/load"
# shellcheck source=benchmarks/load/common.sh
source "$here/common.sh"

start_server
import_bank
# Each mode on its own copy of the store, so the runs without decisions never purge the recorded ones at their start.
stop_server
cp -a "$work/data" "$work/data-none"
declare -A runs cpus
# The server's CPU time (user + system, from /proc) per hash looked up in one wrk run: what recording costs in work,
# as against requests/s, which also shows what it costs in waiting.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
timed_run() { # load, batch, connections, name
  local before after per_hash
  before=$(cpu_ticks)
  BATCH=$2 wrk_run "$4" "$3" lookup.lua
  after=$(cpu_ticks)
  per_hash=$(echo "($after - $before) * 1000000 / $(getconf CLK_TCK) / ($last_rps * $seconds * $2)" | bc -l)
  printf '%34s server CPU %.0f µs per hash\n' "" "$per_hash"
  runs[$1,$mode]="${runs[$1,$mode]:-} $last_rps"
  cpus[$1,$mode]="${cpus[$1,$mode]:-} $per_hash"
}
for round in $(seq "$rounds"); do
  for mode in none recorded; do
    stop_server
    if [ "$mode" = none ]; then SERVE_ARGS="--retain-decisions 0" DATA_DIR="$work/data-none"; else SERVE_ARGS="" DATA_DIR=""; fi
    start_server
    # Untimed warm-up of every load's code path: the JIT's tiers settle before the timed runs (a profile of a
    # 5-second warm-up of one load still spent 15-19 % of the timed run's samples in the JIT's tiering thread).
    for warm in "100 4" "1 16" "1 128"; do
      set -- $warm
      seconds=4 BATCH=$1 wrk_run "warm-up (not counted)" "$2" lookup.lua > /dev/null
    done
    echo "-- round $round, decisions: $mode, $MATCH_PERCENT % of hashes matching"
    timed_run batch 100 4 "lookup, batches of 100 (x100 hashes)"
    timed_run single 1 16 "lookup, one hash per request"
    timed_run single128 1 128 "lookup, one hash per request, 128 connections"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for load in batch single single128; do
  on=$(echo "${runs[$load,recorded]}" | median)
  off=$(echo "${runs[$load,none]}" | median)
  printf '%-9s median req/s: recorded %s, not recorded %s; recorded / not = %.3f\n' "$load" "$on" "$off" "$(echo "$on / $off" | bc -l)"
  con=$(echo "${cpus[$load,recorded]}" | median)
  coff=$(echo "${cpus[$load,none]}" | median)
  printf '%-9s median server CPU per hash: recorded %.0f µs, not recorded %.0f µs; recorded / not = %.3f\n' "$load" "$con" "$coff" "$(echo "$con / $coff" | bc -l)"
done
# The recorded store holds every recorded round's decisions (each answer with a match is one).
stop_server
SERVE_ARGS="" DATA_DIR=""
start_server
echo "decisions in the store after the recorded rounds: $(curl -s -H "X-Api-Key: $review_key" "$url/v1/reports/errors" | jq '.[] | select(.technology == "all") | .flagged')"
