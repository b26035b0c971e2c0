#!/usr/bin/env bash
# What keeping a bank in sync with a list file costs (issue 29): a `file` exchange over a list of ENTRIES random PDQ
# entries (SQLite), fetched through POST /v1/exchanges/{name}/fetch:
#   1. the first fetch (every entry added), until the index serves them all;
#   2. the list changed — 1 % of the entries given new hashes, 1 % removed — fetched again (a full-list page: the
#      store compares it with the bank and writes only the difference);
#   3. fetched again unchanged (the file's size and time are the same: nothing is read).
# Prints each fetch's time, the counts the status reports, and the server's resident memory after each.
# Usage: benchmarks/load/exchange-sync.sh [ENTRIES (default 1000000)]
# Needs: a Release build (dotnet build HashMatch.sln -c Release), wrk, curl, jq, ffmpeg (Debian packages).
set -euo pipefail
entries=${1:-1000000}
seconds=1 # unused here; common.sh prints it
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/benchmarks/load"
# shellcheck source=benchmarks/load/common.sh
source "$here/common.sh"

SERVE_ARGS="--exchange-check 0" start_server
mkdir -p "$work/lists"
cp "$work/known.tsv" "$work/lists/known.tsv"
curl -sf -H "X-Api-Key: $write_key" -H 'content-type: application/json' -d '{"name":"load"}' "$url/v1/banks" > /dev/null
curl -sf -H "X-Api-Key: $admin_key" -H 'content-type: application/json' "$url/v1/exchanges" \
  -d "{\"name\":\"list\",\"bank\":\"load\",\"settings\":{\"type\":\"file\",\"path\":\"$work/lists/known.tsv\"}}" > /dev/null

matches() { curl -s -H "X-Api-Key: $API_KEY" -H 'content-type: application/json' -d "{\"hashes\":[{\"pdq\":\"$1\"}]}" "$url/v1/lookup" | jq '.results[0].matched'; }
added=0 removed=0
fetch() { # name, a PDQ hash the index matches once it serves the fetch's changes
  local started fetched served_after status
  started=$(date +%s.%N)
  status=$(curl -sf -X POST -H "X-Api-Key: $admin_key" "$url/v1/exchanges/list/fetch")
  fetched=$(echo "$(date +%s.%N) - $started" | bc)
  until [ "$(matches "$2")" = true ]; do sleep 0.05; done
  served_after=$(echo "$(date +%s.%N) - $started" | bc)
  printf '%-26s fetch %7.2f s, matched after %7.2f s   added %s, removed %s, error %s; resident %s MB\n' "$1" "$fetched" "$served_after" \
    "$(($(jq .added <<< "$status") - added))" "$(($(jq .removed <<< "$status") - removed))" "$(jq -r '.last_error // "none"' <<< "$status")" "$(rss_mb)"
  added=$(jq .added <<< "$status") removed=$(jq .removed <<< "$status")
}

fetch "first fetch" "$(tail -1 "$work/known.tsv" | cut -f2)"
changed=$((entries / 100))
# 1 % new hashes (the first entries: each hash reversed), 1 % removed (the last entries).
awk -F'\t' -v c="$changed" -v n="$entries" 'NR == 1 { print; next } NR - 1 <= c { h = ""; for (i = 64; i > 0; i--) h = h substr($2, i, 1); print $1 "\t" h "\t" $3; next } NR - 1 <= n - c { print }' \
  "$work/known.tsv" > "$work/lists/known.tsv.new"
mv "$work/lists/known.tsv.new" "$work/lists/known.tsv"
fetch "1 % changed, 1 % removed" "$(sed -n 2p "$work/lists/known.tsv" | cut -f2)"
fetch "unchanged" "$(sed -n 2p "$work/lists/known.tsv" | cut -f2)"
