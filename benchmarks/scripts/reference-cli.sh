#!/usr/bin/env bash
# One-file CLI calls of `hashmatch hash` against Meta's reference `pdq-photo-hasher` (issue 25), each tool started
# afresh per call, as a user or a shell loop would run them. The reference is NOT built here: build it yourself from
# facebook/ThreatExchange (pdq/cpp) outside this repository (docs/performance.md says how it was built for the
# figures there) and pass the executable's path.
#
# Usage: benchmarks/scripts/reference-cli.sh REFERENCE_HASHER HASHMATCH [REPEATS]
#   REFERENCE_HASHER  path of the built pdq-photo-hasher (prints "hash,quality,path")
#   HASHMATCH         the hashmatch command: path of the native executable (or of the framework-dependent apphost
#                     src/HashMatch.Cli/bin/Release/net10.0/HashMatch.Cli); any command printing hash's TSV works
#   REPEATS           calls per tool and input (default 21); the two tools alternate call by call
#
# Inputs, written to a temporary folder from testdata/pdq-reference/images/bridge-mods/aaa-orig.jpg (Meta's public,
# benign bridge photo, 1600x1004) with ffmpeg: a 320x200 PNG, a 320x200 JPEG, a 1024x768 JPEG and a 4000x3000 (12 MP)
# JPEG. Prints, per input, the median wall time of each tool in ms, the ratio hashmatch/reference (target <= 1.5)
# and the Hamming distance between the two tools' PDQ hashes (flagged above 10 bits; decoders may differ on JPEG).
# Times are read from bash's EPOCHREALTIME around each call (no process of its own: `date +%s%N` would add about
# 10 ms of fork and exec per reading on this VM), output to /dev/null, so they include the tool's start-up.
set -euo pipefail
if [[ $# -lt 2 ]]; then
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
reference=$1
hashmatch=$2
repeats=${3:-21}
cd "$(dirname "$0")/../.."
source_image=testdata/pdq-reference/images/bridge-mods/aaa-orig.jpg
for tool in "$reference" "$hashmatch"; do
  command -v "$tool" > /dev/null || { echo "not executable: $tool" >&2; exit 2; }
done
command -v ffmpeg > /dev/null || { echo "ffmpeg is needed to make the inputs" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
make_input() { # name width height [ffmpeg options]
  local name=$1 width=$2 height=$3; shift 3
  ffmpeg -v error -y -i "$source_image" -vf "scale=${width}:${height}:flags=lanczos" -frames:v 1 "$@" "$work/$name"
}
make_input small.png 320 200
make_input small.jpg 320 200 -q:v 3
make_input 1024x768.jpg 1024 768 -q:v 3
make_input 12mp.jpg 4000 3000 -q:v 3

median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR + 1) / 2; printf "%.1f", (v[int(m)] + v[int(m + 0.5)]) / 2 }'; }
distance() { # two 64-digit hex hashes -> Hamming distance
  local a=$1 b=$2 d=0 i x
  for ((i = 0; i < 64; i += 8)); do
    x=$(( 16#${a:i:8} ^ 16#${b:i:8} ))
    while (( x )); do d=$(( d + (x & 1) )); x=$(( x >> 1 )); done
  done
  echo "$d"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average:$(uptime | sed 's/.*load average://'), repeats $repeats"
echo "# reference: $reference"
echo "# hashmatch: $hashmatch"
printf '%-14s %9s %9s %10s %7s %6s %s\n' input bytes ref_ms hm_ms ratio target pdq_distance
for name in small.png small.jpg 1024x768.jpg 12mp.jpg; do
  file=$work/$name
  ref_hash=$("$reference" "$file" | cut -d, -f1)
  hm_hash=$("$hashmatch" hash "$file" 2> /dev/null | awk -F'\t' 'NR == 2 { print $3 }')
  if [[ ${#ref_hash} -ne 64 || ${#hm_hash} -ne 64 ]]; then
    echo "no hash for $name (reference '$ref_hash', hashmatch '$hm_hash')" >&2
    exit 1
  fi
  : > "$work/ref.times"; : > "$work/hm.times"
  "$reference" "$file" > /dev/null; "$hashmatch" hash "$file" > /dev/null 2>&1 # page cache, first-run effects
  for ((i = 0; i < repeats; i++)); do
    t0=${EPOCHREALTIME/[.,]/}; "$reference" "$file" > /dev/null; t1=${EPOCHREALTIME/[.,]/}
    "$hashmatch" hash "$file" > /dev/null 2>&1; t2=${EPOCHREALTIME/[.,]/}
    echo $(( t1 - t0 )) >> "$work/ref.times"
    echo $(( t2 - t1 )) >> "$work/hm.times"
  done
  ref_ms=$(awk '{ print $1 / 1e3 }' "$work/ref.times" | median)
  hm_ms=$(awk '{ print $1 / 1e3 }' "$work/hm.times" | median)
  ratio=$(awk -v h="$hm_ms" -v r="$ref_ms" 'BEGIN { printf "%.2f", h / r }')
  met=$(awk -v x="$ratio" 'BEGIN { print (x <= 1.5) ? "met" : "missed" }')
  d=$(distance "$ref_hash" "$hm_hash")
  flag=""; (( d > 10 )) && flag=" (over 10)"
  printf '%-14s %9d %9s %10s %7s %6s %s\n' "$name" "$(stat -c %s "$file")" "$ref_ms" "$hm_ms" "$ratio" "$met" "$d$flag"
done
