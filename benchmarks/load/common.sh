# Shared by the load scripts beside it (sourced, not run): a temporary folder, a loopback port and API keys, the
# server's start and stop (extra `serve` arguments in SERVE_ARGS, another data folder in DATA_DIR), resident memory,
# the index state, one wrk run printed as a line (and its requests/s kept in $last_rps), and a bank file of $entries
# random PDQ entries with 10,000 queries that all match (the first 10,000 entries with up to 8 bits changed). Needs
# $root, $here, $entries and $seconds set before it is sourced.
cli="$root/src/HashMatch.Cli/bin/Release/net10.0/HashMatch.Cli.dll"
for tool in wrk curl jq ffmpeg awk bc; do command -v "$tool" > /dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 1; }; done
[ -f "$cli" ] || { echo "build first: dotnet build HashMatch.sln -c Release" >&2; exit 1; }

work=$(mktemp -d /tmp/hashmatch-load.XXXXXX)
port=$((20000 + RANDOM % 20000))
url="http://127.0.0.1:$port"
export API_KEY=load-read-key-0123456789abcdef
write_key=load-write-key-0123456789abcdef
review_key=load-review-key-0123456789abcdef
admin_key=load-admin-key-0123456789abcdef
server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2> /dev/null || true; wait "$server_pid" 2> /dev/null || true; server_pid=""; fi; }
trap 'stop_server; rm -rf "$work"' EXIT

start_server() {
  local started; started=$(date +%s.%N)
  # shellcheck disable=SC2086 # SERVE_ARGS is a list of arguments
  HASHMATCH_API_KEYS="$write_key:write,$API_KEY:read,$review_key:review,$admin_key:admin" dotnet "$cli" serve --data "${DATA_DIR:-$work/data}" --urls "$url" --log-level warning \
    --max-import-bytes 8000000000 --request-timeout 120 ${SERVE_ARGS:-} > "$work/serve.log" 2>&1 &
  server_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready")" = 200 ]; do
    kill -0 "$server_pid" 2> /dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.05
  done
  ready_seconds=$(echo "$(date +%s.%N) - $started" | bc)
}
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"; }
index() { curl -s -H "X-Api-Key: $API_KEY" "$url/v1/index"; }
wrk_run() { # name, connections, script, then env
  local name=$1 connections=$2 script=$3
  wrk -t 1 -c "$connections" -d "${seconds}s" --latency -s "$here/$script" "$url" > "$work/$name.txt" 2>&1
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ { print $2 }' "$work/$name.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$work/$name.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$work/$name.txt")
  errors=$(awk '/Non-2xx/ { print $NF } /Socket errors/ { print }' "$work/$name.txt" | tr '\n' ' ')
  last_rps=$rps
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-no errors}"
}

echo "== $entries random PDQ entries, $seconds s per run, $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
awk -v n="$entries" 'BEGIN { srand(1); print "id\tpdq\tquality";
  for (i = 0; i < n; i++) { s = ""; for (j = 0; j < 8; j++) s = s sprintf("%08x", int(rand() * 4294967296)); print "e" i "\t" s "\t100" } }' > "$work/known.tsv"
# Queries: the first 10,000 entries with two hex digits changed (up to 8 bits: all match at threshold 31).
awk -F'\t' 'NR > 1 && NR <= 10001 { h = $2; srand(NR); for (k = 0; k < 2; k++) { p = int(rand() * 64) + 1; h = substr(h, 1, p - 1) sprintf("%x", int(rand() * 16)) substr(h, p + 1) } print h }' "$work/known.tsv" > "$work/queries.txt"
export QUERIES="$work/queries.txt"
ffmpeg -loglevel error -f lavfi -i testsrc2=size=1024x768 -frames:v 1 -q:v 3 "$work/upload.jpg"
export IMAGE="$work/upload.jpg"


# Creates the bank "load", imports the entries and waits until its index is built; prints the import's figures.
import_bank() {
  curl -sf -H "X-Api-Key: $write_key" -H 'content-type: application/json' -d '{"name":"load"}' "$url/v1/banks" > /dev/null
  import_started=$(date +%s.%N)
  curl -sf -H "X-Api-Key: $write_key" -H 'content-type: text/tab-separated-values' --data-binary "@$work/known.tsv" "$url/v1/banks/load/import" > /dev/null
  until [ "$(index | jq '.banks[0].base_entries')" = "$entries" ] && [ "$(index | jq '.rebuilding')" = false ]; do sleep 0.2; done
  echo "import + index build: $(echo "$(date +%s.%N) - $import_started" | bc | xargs printf '%.1f') s; resident $(rss_mb) MB; index $(index | jq '.banks[0].memory_bytes / 1048576 | floor') MB; build $(index | jq '.banks[0].build_seconds') s"
}
