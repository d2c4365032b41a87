#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark of `calls stats` on a generated LiteLLM spend log, checked against the generator's truth.
#
#   tests/bench/calls-stats.sh [GEN_CALLS_PY]
#
# GEN_CALLS_PY defaults to ../shared/bench/gen-calls.py next to the repository. Environment:
#   BUILD_DIR  a Release build with BUILD_TESTING=ON (default: build-release in the repository);
#              the script builds its liftoff_calls_stats target
#   COUNT      records to generate (default 1000000)      THREADS  parser threads (default 2)
#   FORMAT     litellm, otel or generic (default litellm)  RUNS     timed runs (default 3)
#   WORK_DIR   where the log is generated once and kept (default /tmp/liftoff-calls-bench)
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
gen=${1:-$repo/../shared/bench/gen-calls.py}
build=${BUILD_DIR:-$repo/build-release}
count=${COUNT:-1000000}
threads=${THREADS:-2}
format=${FORMAT:-litellm}
runs=${RUNS:-3}
work=${WORK_DIR:-/tmp/liftoff-calls-bench}

[ -f "$gen" ] || { echo "gen-calls.py not found at $gen (pass its path as the first argument)" >&2; exit 2; }
[ -f "$build/CMakeCache.txt" ] || {
    echo "no build in $build: cmake -S $repo -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON" >&2
    exit 2
}
grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" || echo "warning: $build is not a Release build" >&2
cmake --build "$build" --target liftoff_calls_stats >/dev/null
exe=$build/tests/bench/liftoff_calls_stats

mkdir -p "$work"
log=$work/$format-$count.jsonl
truth=$work/$format-$count.truth.json
if [ ! -s "$log" ] || [ ! -s "$truth" ]; then
    echo "generating $count $format records into $log" >&2
    python3 "$gen" --format "$format" --count "$count" --seed 7 --truth "$truth" > "$log"
fi
prices=
if [ "$format" = otel ]; then
    prices="--prices $repo/tests/data/calls/gen-calls-prices.json" # spans carry no cost
fi

cat "$log" > /dev/null # page cache warm, as for every run after the first
echo "$(wc -c < "$log") bytes, $threads threads, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
i=1
while [ "$i" -le "$runs" ]; do
    # shellcheck disable=SC2086
    /usr/bin/time -v "$exe" --threads "$threads" --format json $prices "$log" > "$work/result.json" 2> "$work/time.txt"
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$work/time.txt")
    echo "run $i: wall $wall, peak RSS $rss KiB, CPU $cpu"
    i=$((i + 1))
done

python3 - "$work/result.json" "$truth" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
pairs = [("calls", "count"), ("errors", "errors"), ("errorRate", "error_rate"), ("costUsd", "total_cost_usd"),
         ("p50Ms", "p50_ms"), ("p95Ms", "p95_ms"), ("p99Ms", "p99_ms")]
bad = [(ours, result.get(ours), truth[theirs]) for ours, theirs in pairs if result.get(ours) != truth[theirs]]
for name, got, want in bad:
    print(f"MISMATCH {name}: {got} != truth {want}")
if result.get("malformedLines"):
    bad.append(("malformedLines", result["malformedLines"], 0))
    print(f"MISMATCH malformedLines: {result['malformedLines']}")
print("result identical to truth" if not bad else "result differs from truth")
sys.exit(1 if bad else 0)
PY
