#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark of the pii probe's scan (sec.no-pii-in-logs, w1.injection-attempts) on a generated
# call log with content, against `grep -cE` of the same patterns as the floor.
#
#   tests/bench/pii-scan.sh
#
# Environment:
#   BUILD_DIR  a Release build with BUILD_TESTING=ON (default: build-release in the repository);
#              the script builds its liftoff_bench_pii target
#   COUNT      records to generate (default 1000000)      FORMAT  litellm, otel or generic (default litellm)
#   RUNS       timed runs of each (default 3)             WORK_DIR  where the log is kept (default /tmp/liftoff-pii-bench)
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$repo/build-release}
count=${COUNT:-1000000}
format=${FORMAT:-litellm}
runs=${RUNS:-3}
work=${WORK_DIR:-/tmp/liftoff-pii-bench}

[ -f "$build/CMakeCache.txt" ] || {
    echo "no build in $build: cmake -S $repo -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON" >&2
    exit 2
}
grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" || echo "warning: $build is not a Release build" >&2
cmake --build "$build" --target liftoff_bench_pii >/dev/null
exe=$build/tests/bench/liftoff_bench_pii

mkdir -p "$work"
log=$work/$format-$count-content.jsonl
truth=$work/$format-$count-content.truth.json
if [ ! -s "$log" ] || [ ! -s "$truth" ]; then
    echo "generating $count $format records with content into $log" >&2
    python3 "$repo/tests/bench/gen-calls.py" --format "$format" --count "$count" --seed 7 --content --truth "$truth" > "$log"
fi
bytes=$(stat -c %s "$log")
echo "log: $log ($bytes bytes); truth: $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['content'])" "$truth")"

# The detectors' shapes as one extended regex: e-mail, card, IBAN, SSN, phone, IPv4, IPv6 and the
# injection markers. grep -c stops at the first match of a line and checks no checksum, so it is a
# floor for the speed of one pass over the bytes, not a second opinion on the counts.
pattern='[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|[2-6][0-9]{3}([ -]?[0-9]{4}){2}[ -]?[0-9]{1,7}'
pattern="$pattern"'|[A-Z]{2}[0-9]{2}( ?[A-Z0-9]{4}){2,7}( ?[A-Z0-9]{1,4})?|[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}'
pattern="$pattern"'|\+[1-9][0-9 ().-]{6,20}[0-9]|([0-9]{1,3}\.){3}[0-9]{1,3}|[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{0,4}){2,7}'
pattern="$pattern"'|([Ii]gnore|IGNORE|[Dd]isregard|[Ff]orget)[^.]{0,60}(instructions|INSTRUCTIONS|prompt|rules|guidelines)'
pattern="$pattern"'|[Ss]ystem prompt|[Yy]ou are now|[Dd]eveloper mode|[A-Za-z0-9+/]{80,}'

mbps() { python3 -c "import sys; print('%.0f' % (int(sys.argv[1]) / 1e6 / float(sys.argv[2])))" "$1" "$2"; }
seconds() { python3 -c "import sys, time; print('%.3f' % (time.time() - float(sys.argv[1])))" "$1"; }

i=1
while [ "$i" -le "$runs" ]; do
    "$exe" --format "$format" "$log"
    start=$(python3 -c 'import time; print(time.time())')
    lines=$(LC_ALL=C grep -cE "$pattern" "$log")
    took=$(seconds "$start")
    echo "{\"tool\":\"grep -cE\",\"seconds\":$took,\"mb_per_s\":$(mbps "$bytes" "$took"),\"matching_lines\":$lines}"
    start=$(python3 -c 'import time; print(time.time())')
    matches=$(LC_ALL=C grep -oE "$pattern" "$log" | wc -l)
    took=$(seconds "$start")
    echo "{\"tool\":\"grep -oE | wc -l\",\"seconds\":$took,\"mb_per_s\":$(mbps "$bytes" "$took"),\"matches\":$matches}"
    i=$((i + 1))
done
