#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue-2 benchmark: cold start of the GUI to the first painted window, and to the painted checklist,
# on a store of 1,000 deployments x 45 items and 100,000 audit events; and `liftoff status --format json`
# on the same store. Usage: tests/bench/startup.sh [BUILD_DIR] [RUNS]   (a Release build is best)
set -euo pipefail
BUILD=${1:-build-release}
RUNS=${2:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BUILD/tests/bench/liftoff_bench_make_store" --db "$work/store.sqlite" --project bench-app >/dev/null
cat > "$work/liftoff.yaml" <<YAML
version: 1
project: bench-app
environments:
  production: {url: https://bench.example.test}
YAML
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
export XDG_CONFIG_HOME="$work/config"
echo "GUI cold start (ms from process start), $RUNS runs:"
for _ in $(seq "$RUNS"); do
    LIFTOFF_BENCH_STARTUP=1 "$BUILD/app/liftoff" open "$work/liftoff.yaml" --db "$work/store.sqlite" 2>&1 \
        | grep -o 'first-paint-ms=.*'
done
echo "liftoff status --format json (wall seconds), $RUNS runs:"
for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e s, %M KiB peak' "$BUILD/app/liftoff" status --format json \
        --config "$work/liftoff.yaml" --db "$work/store.sqlite" >/dev/null || true
done
