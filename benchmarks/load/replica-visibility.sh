#!/usr/bin/env bash
# How long a bank change on one replica takes to be visible on another (README "Service"): two `hashmatch serve`
# replicas on one PostgreSQL (a private cluster from .ci/postgres on loopback), the default 1 s poll interval;
# CHANGES times (default 20): add an entry on replica A, then look it up on replica B every 10 ms until it matches.
# Usage: benchmarks/load/replica-visibility.sh [CHANGES]     Needs a Release build, curl, and Debian's postgresql.
set -euo pipefail
changes=${1:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
cli="$root/src/HashMatch.Cli/bin/Release/net10.0/HashMatch.Cli.dll"
[ -f "$cli" ] || { echo "build first: dotnet build HashMatch.sln -c Release" >&2; exit 1; }
work=$(mktemp -d /tmp/hashmatch-replicas.XXXXXX)
chmod 755 "$work" # as root, the cluster runs as the postgres user, who must reach $work/pg
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; done; bash "$root/.ci/postgres" stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
database=$(bash "$root/.ci/postgres" start "$work/pg" $((40000 + RANDOM % 10000)))
base=$((20000 + RANDOM % 20000))
for replica in 0 1; do
  HASHMATCH_API_KEYS="rw-key-0123456789abcdef0123:write" dotnet "$cli" serve --database "$database" --data "$work/data$replica" \
    --urls "http://127.0.0.1:$((base + replica))" --log-level warning > "$work/serve$replica.log" 2>&1 &
  pids+=($!)
done
for replica in 0 1; do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((base + replica))/health/ready")" = 200 ]; do
    kill -0 "${pids[$replica]}" 2> /dev/null || { echo "replica $replica exited:" >&2; cat "$work/serve$replica.log" >&2; exit 1; }
    sleep 0.05
  done
done
a="http://127.0.0.1:$base"; b="http://127.0.0.1:$((base + 1))"
curl -sf -H "X-Api-Key: rw-key-0123456789abcdef0123" -H 'content-type: application/json' -d '{"name":"shared"}' "$a/v1/banks" > /dev/null
: > "$work/ms.txt"
for i in $(seq 1 "$changes"); do
  pdq=$(head -c 32 /dev/urandom | od -An -tx1 -v | tr -d ' \n')
  curl -sf -H "X-Api-Key: rw-key-0123456789abcdef0123" -H 'content-type: application/json' -d "{\"entries\":[{\"id\":\"c$i\",\"pdq\":\"$pdq\"}]}" "$a/v1/banks/shared/entries" > /dev/null
  started=$(date +%s%N)
  until curl -sf -H "X-Api-Key: rw-key-0123456789abcdef0123" -H 'content-type: application/json' -d "{\"hashes\":[{\"pdq\":\"$pdq\"}]}" "$b/v1/lookup" | grep -q '"matched":true'; do
    [ $(( ($(date +%s%N) - started) / 1000000 )) -lt 10000 ] || { echo "change $i not visible on the second replica after 10 s" >&2; exit 1; }
    sleep 0.01
  done
  echo $(( ($(date +%s%N) - started) / 1000000 )) >> "$work/ms.txt"
done
sort -n "$work/ms.txt" | awk '{ v[NR] = $1 } END { printf "%d changes visible on the second replica after: min %d ms, median %d ms, max %d ms (poll interval 1 s)\n", NR, v[1], v[int((NR + 1) / 2)], v[NR] }'
