#!/usr/bin/env bash
# The console's two timing targets (issue 28) against a bank of ENTRIES random PDQ entries (SQLite):
#   1. the overview's first paint, server side: the page, its script and style, then GET /v1/key, then /v1/index and
#      /v1/banks together — what the console waits for before it draws the overview — timed with curl;
#   2. the same in the browser: headless Chromium loads the console anew ROUNDS times (signed in) and reads the time
#      from navigation start to the overview's tables drawn (tests/HashMatch.Tests/Server/ConsoleTimingTests.cs, run
#      against this server through HASHMATCH_CONSOLE_TIMING);
#   3. an entry search by PDQ hash within 31 bits (GET /v1/banks/load/entries?pdq=...), with hashes that match.
# Each is timed ROUNDS times (curl: a new connection per request, as a first visit); prints the median and the 95th
# percentile in milliseconds.
# Usage: benchmarks/load/console-timing.sh [ENTRIES (default 10000000)] [ROUNDS (default 50)]
# Needs: a Release build (dotnet build HashMatch.sln -c Release), wrk, curl, jq, ffmpeg, chromium (Debian packages).
set -euo pipefail
entries=${1:-10000000}
rounds=${2:-50}
seconds=1 # unused here; common.sh prints it
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/benchmarks/load"
# shellcheck source=benchmarks/load/common.sh
source "$here/common.sh"

start_server
import_bank

ms() { curl -s -o /dev/null -w '%{time_total}\n' "$@" | awk '{ printf "%.3f\n", $1 * 1000 }'; }
stats() { sort -g | awk '{ v[NR] = $1 } END { printf "median %.1f ms, p95 %.1f ms (%d runs)\n", v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.5)], NR }'; }
max() { sort -g | tail -1; }

for _ in $(seq "$rounds"); do
  page=$(ms "$url/console/")
  assets=$( { ms "$url/console/console.js" & ms "$url/console/console.css" & wait; } | max)
  key=$(ms -H "X-Api-Key: $API_KEY" "$url/v1/key")
  data=$( { ms -H "X-Api-Key: $API_KEY" "$url/v1/index" & ms -H "X-Api-Key: $API_KEY" "$url/v1/banks" & wait; } | max)
  echo "$page + $assets + $key + $data" | bc
done | stats | sed 's/^/overview, server side: /'

command -v chromium > /dev/null || [ -n "${HASHMATCH_CHROMIUM:-}" ] || { echo "needs chromium (apt-get install chromium)" >&2; exit 1; }
HASHMATCH_CONSOLE_TIMING="$url $API_KEY $rounds $work/browser.txt" dotnet test --project "$root/tests/HashMatch.Tests" -c Release --no-build \
  -- --filter-class "*.ConsoleTimingTests" > "$work/browser.log" 2>&1 || { cat "$work/browser.log" >&2; exit 1; }
cat "$work/browser.txt"

head -n "$rounds" "$QUERIES" | while read -r hash; do
  ms -H "X-Api-Key: $write_key" "$url/v1/banks/load/entries?pdq=$hash&max_distance=31&limit=50"
done | stats | sed 's/^/entry search by PDQ hash: /'
