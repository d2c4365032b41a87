#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# 200 eval cases against the demo service at concurrency 8, Liftoff and promptfoo side by side.
#
#   tests/bench/eval-vs-promptfoo.sh BUILD_DIR PROMPTFOO_DIR
#
# BUILD_DIR holds app/liftoff; PROMPTFOO_DIR an `npm install promptfoo@0.120.0` (see
# tests/data/promptfoo/README.md for the one symlink it needs). The 200 cases are the demo's 24
# repeated with new ids (cases.yaml of tests/data/promptfoo). Prints wall times and pass counts.
set -euo pipefail
build=${1:?usage: eval-vs-promptfoo.sh BUILD_DIR PROMPTFOO_DIR}
pf=${2:?usage: eval-vs-promptfoo.sh BUILD_DIR PROMPTFOO_DIR}
here=$(cd "$(dirname "$0")" && pwd)
liftoff=$(cd "$build" && pwd)/app/liftoff
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$liftoff" demo-server --port 0 --state "$work/state" --rate-limit 100000 > "$work/url.txt" 2> "$work/server.err" &
server=$!
for _ in $(seq 50); do [ -s "$work/url.txt" ] && break; sleep 0.1; done
url=$(head -n1 "$work/url.txt")

mkdir -p "$work/project/evals"
python3 - "$here/../data/promptfoo/cases.yaml" "$work/project/evals/cases.yaml" <<'PY'
import sys, yaml
cases = yaml.safe_load(open(sys.argv[1]))
out = []
for i in range(200):
    c = dict(cases[i % len(cases)])
    c["id"] = "%s-%03d" % (c["id"], i)
    out.append(c)
yaml.safe_dump(out, open(sys.argv[2], "w"), sort_keys=False, allow_unicode=True)
PY
cat > "$work/project/liftoff.yaml" <<YAML
version: 1
project: eval-bench
environments:
  production:
    url: $url
evals:
  dataset: evals/cases.yaml
  target: {url: "{url}/v1/chat", method: POST, body: {message: "{input}"}, output: "[BODY].reply", timeout: 10s}
  concurrency: 8
  max_requests: 2000
YAML
cd "$work/project"
"$liftoff" deploy new --version bench --db "$work/bench.sqlite" > /dev/null
start=$(date +%s.%N)
"$liftoff" eval run --db "$work/bench.sqlite" 2> "$work/liftoff.err" | tail -n 2 || true
end=$(date +%s.%N)
echo "liftoff eval run: $(echo "$end - $start" | bc) s"

python3 "$here/../data/promptfoo/to-promptfoo.py" evals/cases.yaml "$url" > promptfooconfig.yaml
start=$(date +%s.%N)
HOME="$work/home" PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 \
    "$pf/node_modules/.bin/promptfoo" eval -c promptfooconfig.yaml -o "$work/output.json" --no-cache \
    --no-progress-bar --no-table -j 8 2>&1 | grep -E "Successes|Failures|Errors" || true
end=$(date +%s.%N)
echo "promptfoo eval -j 8: $(echo "$end - $start" | bc) s"
