#!/usr/bin/env bash
# Load test of `hashmatch serve` on loopback (README "Service"): a bank of N random PDQ entries (SQLite), then
#   1. import time and resident memory once the bank's index is built;
#   2. POST /v1/lookup in batches of 100, and one hash per request (wrk, --latency);
#   3. POST /v1/match with a 1024x768 JPEG;
#   4. lookups while a full rebuild runs beside the live index (failed requests, p99 against step 2);
#   5. cold start: a restart until /health/ready, and resident memory then.
# Usage: benchmarks/load/serve-load.sh [ENTRIES (default 1000000)] [SECONDS per run (default 20)]
# Needs: a Release build (dotnet build HashMatch.sln -c Release), wrk, curl, jq, ffmpeg (Debian packages).
# Every request goes to 127.0.0.1 only; every run is bounded by SECONDS; the server is stopped at the end.
set -euo pipefail
entries=${1:-1000000}
seconds=${2:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/benchmarks/load"
# shellcheck source=benchmarks/load/common.sh
source "$here/common.sh"

start_server
import_bank

BATCH=100 wrk_run "lookup, batches of 100 (x100 hashes)" 4 lookup.lua
BATCH=1 wrk_run "lookup, one hash per request" 16 lookup.lua
wrk_run "match, 1024x768 JPEG" 8 match.lua

curl -sf -X POST -H "X-Api-Key: $write_key" "$url/v1/index/rebuild" > /dev/null
sleep 0.2
echo "rebuilding: $(index | jq '.rebuilding')"
BATCH=1 wrk_run "lookup during a full rebuild" 16 lookup.lua
until [ "$(index | jq '.rebuilding')" = false ]; do sleep 0.2; done
echo "rebuild took $(index | jq '.last_rebuild_seconds') s; resident after it $(rss_mb) MB"

stop_server
start_server
echo "cold start (process start to /health/ready): $(printf '%.2f' "$ready_seconds") s; resident $(rss_mb) MB"
