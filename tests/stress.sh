#!/usr/bin/env bash
# Runs the whole test suite (the README test command) N times in a row while a second copy of the repository builds
# the solution with --no-incremental in a loop beside it: the suite must pass every time on a loaded machine.
#
#   tests/stress.sh [N]        N defaults to 20
#
# Sets up what the suite needs as .ci/run does: a private PostgreSQL cluster (.ci/postgres) on a free loopback port
# (HASHMATCH_TEST_POSTGRES), and the library and tool packages packed once (HASHMATCH_PACKAGES, so ToolPackageTests
# installs them instead of packing again in every run). chromium, ffmpeg and clang must be installed (.ci/run installs
# them with apt). Each run's result, test counts, duration and the load average at its start go to the summary log,
# stress-<UTC time>.log in the current folder (STRESS_LOG names another file); the first failing run stops the loop,
# and its full output is kept beside the summary. Everything else (the cluster, the packages, the build copy, the
# build loop) is removed on exit.
set -euo pipefail
runs=${1:-20}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]  (N runs of the suite, default 20)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
summary=${STRESS_LOG:-$PWD/stress-$(date -u +%Y%m%dT%H%M%SZ).log}
summary=$(realpath -m "$summary")
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d /tmp/hashmatch-stress.XXXXXX)
build_copy="$work/build-copy"
build_loop_pid=""
build_loop_group=""
pg_dir=""

cleanup() {
  set +e
  if [ -n "$build_loop_pid" ]; then
    # The loop runs in a process group of its own (setsid): ending the group ends the build it is running too.
    [ -s "$work/build-loop.pgid" ] && build_loop_group=$(tr -d ' ' < "$work/build-loop.pgid")
    if [ -n "$build_loop_group" ]; then kill -TERM -- "-$build_loop_group" 2> /dev/null; else kill -TERM "$build_loop_pid" 2> /dev/null; fi
    wait "$build_loop_pid" 2> /dev/null
  fi
  [ -n "$pg_dir" ] && bash "$repo/.ci/postgres" stop "$pg_dir" > /dev/null 2>&1 # stops it and removes the folder
  if [ -d "$build_copy" ]; then
    git -C "$repo" worktree remove --force "$build_copy" > /dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

note() { echo "$*" | tee -a "$summary"; }

note "== stress: $runs run(s) of the test suite beside a --no-incremental build loop; $(nproc) cores; $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD || echo ' (with uncommitted changes)')"

cd "$repo"
echo "== building the solution (Release)"
dotnet build HashMatch.sln -c Release -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; note "!! the build failed"; exit 1; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
echo "== starting PostgreSQL"
# A folder of its own directly under /tmp: run as root, .ci/postgres hands it to the postgres user, who cannot enter
# the private $work.
pg_dir=$(mktemp -d /tmp/hashmatch-stress-pg.XXXXXX)
HASHMATCH_TEST_POSTGRES=$(bash .ci/postgres start "$pg_dir" "$(free_port)") || { note "!! PostgreSQL could not be started"; exit 1; }
export HASHMATCH_TEST_POSTGRES

echo "== packing the packages (the native executable's compile takes minutes)"
dotnet pack src/HashMatch -c Release --no-build -o "$work/packages" -nologo -v quiet > "$work/pack.log" 2>&1 \
  && dotnet pack src/HashMatch.Cli -c Release --no-build -o "$work/packages" -nologo -v quiet >> "$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; note "!! packing failed"; exit 1; }
export HASHMATCH_PACKAGES="$work/packages"

# The build beside the runs: a copy of this commit in a worktree of its own (its own obj/ and bin/), rebuilt from
# scratch again and again. No build servers, so nothing outlives the loop.
git worktree add --detach --quiet "$build_copy" HEAD
setsid bash -c '
  ps -o pgid= $$ > "$4"
  cd "$1"
  while true; do
    dotnet build HashMatch.sln -c Release --no-incremental -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false > "$2" 2>&1
    echo "build exited $? at $(date -u +%T)" >> "$3"
  done' stress-build-loop "$build_copy" "$work/parallel-build-last.log" "$work/parallel-builds.log" "$work/build-loop.pgid" &
build_loop_pid=$!

failed=0
for ((i = 1; i <= runs; i++)); do
  log="$work/run-$i.log"
  load=$(cut -d ' ' -f 1-3 /proc/loadavg)
  start=$(date +%s)
  set +e
  dotnet test --project tests/HashMatch.Tests -c Release --no-build > "$log" 2>&1
  status=$?
  set -e
  seconds=$(($(date +%s) - start))
  passed=$(grep -oE 'succeeded: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
  failures=$(grep -oE 'failed: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
  builds=$(grep -c . "$work/parallel-builds.log" 2> /dev/null) || builds=0
  if [ "$status" -eq 0 ] && [ "$passed" -gt 0 ]; then
    note "run $i/$runs: passed ($passed tests) in $((seconds / 60))m$((seconds % 60))s; load at start $load; parallel builds finished so far: $builds"
  else
    note "run $i/$runs: FAILED (exit $status, $passed passed, $failures failed) after $((seconds / 60))m$((seconds % 60))s; load at start $load"
    cp "$log" "${summary%.log}-run-$i.log"
    grep -E '^failed |error:' "$log" | head -n 40 | tee -a "$summary"
    note "full output: ${summary%.log}-run-$i.log"
    failed=1
    break
  fi
done

if grep -q 'exited [1-9]' "$work/parallel-builds.log" 2> /dev/null; then
  note "note: a parallel build failed (last build's output: see below)"
  tail -n 20 "$work/parallel-build-last.log" | tee -a "$summary"
fi
if [ "$failed" -eq 0 ]; then
  note "== stress: all $runs run(s) passed"
else
  note "== stress: stopped at the first failure"
fi
exit "$failed"
