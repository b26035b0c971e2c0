#!/usr/bin/env bash
# hashmatch triage against hashmatch match over the same folder and index (issue 27's speed target: triage at least
# 0.9x match's files/s, since it adds only bookkeeping). Writes FILES generated files (mixed sizes; JPEG, PNG, WebP,
# a text file in 50), indexes ENTRIES random hashes plus the MD5/PDQ of every 25th picture, then times
#   match --index --all-files --variants all FOLDER > /dev/null     (every file, as triage reads every file)
#   triage FOLDER --index --out CASE                                  (--variants all is triage's default)
# alternately, ROUNDS times each, with /usr/bin/time (wall seconds, peak RSS), after one untimed read of the folder
# so both start from the page cache. Prints each run and the median ratio.
#   benchmarks/scripts/triage-speed.sh [FILES=10000] [ENTRIES=1000000] [ROUNDS=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
files=${1:-10000}
entries=${2:-1000000}
rounds=${3:-2}
work=$(mktemp -d /tmp/hashmatch-triage-speed.XXXXXX)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/HashMatch.Cli -c Release -v quiet -nologo > /dev/null
dotnet build benchmarks/HashMatch.Benchmarks -c Release -v quiet -nologo > /dev/null
hashmatch=(dotnet src/HashMatch.Cli/bin/Release/net10.0/HashMatch.Cli.dll)
dotnet benchmarks/HashMatch.Benchmarks/bin/Release/net10.0/HashMatch.Benchmarks.dll write-triage-folder "$files" "$work/seized" 7
python3 -c "
import random,sys
r=random.Random(1);w=sys.stdout.write
for i in range($entries): b=r.randbytes(48).hex(); w(f'random-{i},{b[:32]},{b[32:]},{50+i%51},2\n')
" | cat "$work/known.csv" - > "$work/list.csv"
"${hashmatch[@]}" index build --list "$work/list.csv" --out "$work/known.hmidx" > /dev/null
cat $(find "$work/seized" -type f) > /dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $files files, $(du -sh "$work/seized" | cut -f1), index of $((entries + files / 25)) entries"
for round in $(seq 1 "$rounds"); do
  /usr/bin/time -f "%e %M" -o "$work/match.time" "${hashmatch[@]}" match --index "$work/known.hmidx" --all-files --variants all --quiet "$work/seized" > /dev/null 2> "$work/match.err" || true
  rm -rf "$work/case"
  /usr/bin/time -f "%e %M" -o "$work/triage.time" "${hashmatch[@]}" triage "$work/seized" --index "$work/known.hmidx" --out "$work/case" --quiet
  # The last line: /usr/bin/time puts "Command exited with non-zero status 1" before it when match reports the
  # text files as failed inputs (it decodes every file with --all-files; triage records them as no match).
  read -r m_s m_kb < <(tail -n 1 "$work/match.time")
  read -r t_s t_kb < <(tail -n 1 "$work/triage.time")
  echo "round $round: match $m_s s ($(awk -v n="$files" -v s="$m_s" 'BEGIN{printf "%.1f", n/s}') files/s, peak $((m_kb / 1024)) MB); triage $t_s s ($(awk -v n="$files" -v s="$t_s" 'BEGIN{printf "%.1f", n/s}') files/s, peak $((t_kb / 1024)) MB); triage/match speed $(awk -v a="$m_s" -v b="$t_s" 'BEGIN{printf "%.3f", a/b}')"
  echo "$m_s $t_s" >> "$work/pairs"
done
sort -n -k1 "$work/pairs" | awk '{m[NR]=$1} END{print "median match:", m[int((NR+1)/2)]}'
sort -n -k2 "$work/pairs" | awk '{t[NR]=$2} END{print "median triage:", t[int((NR+1)/2)]}'
grep -c . "$work/case/files.tsv" | awk '{print "files.tsv lines (with header):", $1}'
python3 -c "import json;print('outcomes:', json.load(open('$work/case/manifest.json'))['counts']['outcomes'])"
