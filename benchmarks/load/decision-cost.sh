#!/usr/bin/env bash
# What recording match decisions costs the lookup throughput (issue 26: target <= 10 %): one bank of ENTRIES random
# PDQ entries (SQLite), then ROUNDS rounds of the same two loads, each run once with decisions recorded (the default
# --retain-decisions 365) and once without (--retain-decisions 0), alternating so drift falls on both:
#   lookups in batches of 100 (4 connections) and one hash per request (16 connections, then 128: a request waits for
#   the commit holding its decision, so the two show whether the cost is latency or work). Every query matches, so
#   every hash looked up is a decision: the worst case (real traffic matches rarely).
# Prints each run, then per load the median requests/s of each mode and their ratio (recorded / not recorded), and
# how many decisions the store holds.
# Usage: benchmarks/load/decision-cost.sh [ENTRIES (default 1000000)] [SECONDS per run (default 15)] [ROUNDS (default 3)]
# Needs: a Release build (dotnet build HashMatch.sln -c Release), wrk, curl, jq, ffmpeg (Debian packages).
set -euo pipefail
entries=${1:-1000000}
seconds=${2:-15}
rounds=${3:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/benchmarks/load"
# shellcheck source=benchmarks/load/common.sh
source "$here/common.sh"

start_server
import_bank
# Each mode on its own copy of the store, so the runs without decisions never purge the recorded ones at their start.
stop_server
cp -a "$work/data" "$work/data-none"
declare -A runs
for round in $(seq "$rounds"); do
  for mode in none recorded; do
    stop_server
    if [ "$mode" = none ]; then SERVE_ARGS="--retain-decisions 0" DATA_DIR="$work/data-none"; else SERVE_ARGS="" DATA_DIR=""; fi
    start_server
    # Untimed warm-up: the JIT's tiers settle before the timed runs.
    seconds=5 BATCH=1 wrk_run "warm-up (not counted)" 16 lookup.lua > /dev/null
    echo "-- round $round, decisions: $mode"
    BATCH=100 wrk_run "lookup, batches of 100 (x100 hashes)" 4 lookup.lua
    runs[batch,$mode]="${runs[batch,$mode]:-} $last_rps"
    BATCH=1 wrk_run "lookup, one hash per request" 16 lookup.lua
    runs[single,$mode]="${runs[single,$mode]:-} $last_rps"
    BATCH=1 wrk_run "lookup, one hash per request, 128 connections" 128 lookup.lua
    runs[single128,$mode]="${runs[single128,$mode]:-} $last_rps"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for load in batch single single128; do
  on=$(echo "${runs[$load,recorded]}" | median)
  off=$(echo "${runs[$load,none]}" | median)
  printf '%-7s median req/s: recorded %s, not recorded %s; recorded / not = %.3f\n' "$load" "$on" "$off" "$(echo "$on / $off" | bc -l)"
done
# The recorded store holds every recorded round's decisions (each answer with a match is one).
stop_server
SERVE_ARGS="" DATA_DIR=""
start_server
echo "decisions in the store after the recorded rounds: $(curl -s -H "X-Api-Key: $review_key" "$url/v1/reports/errors" | jq '.[] | select(.technology == "all") | .flagged')"
