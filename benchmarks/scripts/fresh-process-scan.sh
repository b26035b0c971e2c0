#!/usr/bin/env bash
# The eight-query linear scan (1M hashes, r = 31, one batch of 8) timed in N fresh processes (default 20), each the
# median of 21 runs, with the scalar single-query kernel as each process's own baseline. Prints every process and
# the spread; fails when the slowest process is more than 1.2x the fastest (a layout-dependent kernel, as issue 14
# found: about one process in ten ran 4x slower). Usage: benchmarks/scripts/fresh-process-scan.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
processes=${1:-20}
dotnet build benchmarks/HashMatch.Benchmarks -c Release -v quiet -nologo > /dev/null
dll=benchmarks/HashMatch.Benchmarks/bin/Release/net10.0/HashMatch.Benchmarks.dll
log=$(mktemp)
for i in $(seq 1 "$processes"); do
  dotnet "$dll" --fresh-process-scan 21 | tee -a "$log"
done
awk -v limit=1.2 '
  { e[NR] = $2; s[NR] = $4 }
  END {
    emin = emax = e[1]; smin = smax = s[1]
    for (i = 2; i <= NR; i++) { if (e[i] < emin) emin = e[i]; if (e[i] > emax) emax = e[i]; if (s[i] < smin) smin = s[i]; if (s[i] > smax) smax = s[i] }
    printf "eight-query scan over %d processes: %.3f..%.3f ms per 8 queries, max/min %.2f (limit %.1f)\n", NR, emin, emax, emax / emin, limit
    printf "scalar single-query scan (baseline): %.3f..%.3f ms, max/min %.2f\n", smin, smax, smax / smin
    exit (emax / emin > limit) ? 1 : 0
  }' "$log"
