#!/usr/bin/env bash
# Coverage-guided fuzzing of one target for N minutes (README "Bad input" → "Fuzzing"):
#   bash fuzz/run.sh <decoder|lists|index|pixels> [minutes, default 30]
# Builds fuzz/HashMatch.Fuzz, instruments HashMatch.dll with SharpFuzz (a local dotnet tool, fuzz/dotnet-tools.json),
# and runs Debian's afl-fuzz on it from the seeds in testdata/fuzz/seeds/<target>. Every crash or hang afl-fuzz saves
# is replayed once to print its exception, and copied to testdata/fuzz/regressions/<target>/ (the suite replays that
# folder: FuzzRegressionTests), so a finding stays a failing test until it is fixed.
# Work files: $HASHMATCH_FUZZ_DIR (default /tmp/hashmatch-fuzz/<target>); a second run resumes from its queue.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: bash fuzz/run.sh <decoder|lists|index|pixels|local> [minutes]}
minutes=${2:-30}
case "$target" in decoder | lists | index | pixels | local) ;; *) echo "unknown target '$target' (decoder, lists, index, pixels, local)" >&2; exit 2 ;; esac
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -gt 0 ] || { echo "minutes must be a positive whole number" >&2; exit 2; }

if ! command -v afl-fuzz > /dev/null; then
  echo "== installing afl++ (apt)"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq afl++ > /dev/null ||
    { echo "!! cannot install afl++ with apt; the coverage-guided run needs afl-fuzz" >&2; exit 1; }
fi

work=${HASHMATCH_FUZZ_DIR:-/tmp/hashmatch-fuzz/$target}
bin=$work/bin      # instrumented: runs only under afl-fuzz (outside it, the coverage writes fault)
plain=$work/plain  # the same build uninstrumented, for replaying what afl-fuzz saved
mkdir -p "$work"
(cd fuzz && dotnet tool restore > /dev/null)
rm -rf "$bin" "$plain"
dotnet publish fuzz/HashMatch.Fuzz -c Release -o "$plain" --nologo -v quiet
cp -r "$plain" "$bin"
# Only the library is instrumented: coverage of SkiaSharp's managed wrapper, the runtime or the harness would only
# dilute the map (Skia's native code is exercised but not instrumented).
(cd fuzz && dotnet tool run sharpfuzz "$bin/HashMatch.dll")

# afl-fuzz on a shared machine without a core dump handler: no CPU binding, no checks of the governor or core_pattern.
# The heap limit turns unbounded managed allocation into an OutOfMemoryException, i.e. a crash afl-fuzz keeps.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export DOTNET_GCHeapHardLimit=0x20000000 DOTNET_TieredPGO=0
input=testdata/fuzz/seeds/$target
[ -d "$work/findings/default/queue" ] && input=-   # resume
dictionary=(); [ -f "fuzz/dictionaries/$target.dict" ] && dictionary=(-x "fuzz/dictionaries/$target.dict")
echo "== afl-fuzz $target for $minutes min (findings in $work/findings)"
afl-fuzz -i "$input" -o "$work/findings" -t 5000 -m none -V $((minutes * 60)) "${dictionary[@]}" -- \
  dotnet "$bin/HashMatch.Fuzz.dll" "$target" > "$work/afl.log" 2>&1 || { tail -n 40 "$work/afl.log" >&2; exit 1; }

stats=$work/findings/default/fuzzer_stats
awk -F' *: *' '$1 ~ /^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|bitmap_cvg|saved_crashes|saved_hangs)$/ { print "   " $1 ": " $2 }' "$stats"
regressions=testdata/fuzz/regressions/$target
# afl-fuzz saves every input that reaches a crash by a new path, so one bug usually comes as many files: keep one per
# exception type and throwing frame (numbers in messages ignored).
declare -A seen
found=0 kept=0
for kind in crashes hangs; do
  for file in "$work/findings/default/$kind"/id*; do
    [ -e "$file" ] || continue
    found=$((found + 1))
    status=0
    out=$(timeout 60 dotnet "$plain/HashMatch.Fuzz.dll" replay "$target" "$file" 2>&1) || status=$?
    if [ "$status" -eq 0 ] && [ "$kind" = crashes ]; then
      echo "== $file: keeps the contract now (fixed since the run began?)"
      continue
    fi
    signature=$kind:$(printf '%s\n' "$out" | awk '/Exception|Violation/ && !e { sub(/^.* ms  [^:]*: /, ""); print; e = 1 } /^ +at / && !a { sub(/ in .*/, ""); print; a = 1 }' | sed 's/[0-9][0-9]*/N/g' | tr '\n' ' ')
    [ -n "${seen[$signature]:-}" ] && continue
    seen[$signature]=1
    kept=$((kept + 1))
    mkdir -p "$regressions"
    name=${kind%es}; name=${name%s}-$(sha1sum "$file" | cut -c1-12)
    cp "$file" "$regressions/$name"
    echo "== $kind: $file → $regressions/$name"
    printf '%s\n' "$out" | head -n 12
  done
done
echo "== $found crashes/hangs saved by afl-fuzz; $kept distinct kept as regressions"
