// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigTemplate.h"

using namespace Qt::StringLiterals;

namespace {
// Every "# " line below is a valid example; tests uncomment them all and load the result.
constexpr auto TEMPLATE = uR"(## liftoff.yaml: how Liftoff checks this project before and after a release.
## Secrets never go in this file: write env:NAME or keychain:NAME where a key is needed.
## Durations: 500ms, 5s, 2m, 1h, 14d. Money: plain numbers in USD.
## {url} in any string is the selected environment's base URL; {version} the deployment's.
version: 1
project: %1

## Where the app is deployed; the first environment is the default.
environments:
  production:
    url: https://api.example.com
#     headers: {Authorization: env:PROD_PROBE_TOKEN}
#   staging:
#     url: https://staging.example.com

## The app's source tree (a git repo), relative to this file.
repo: .

## Where prompt versions live: a folder in the repo, or Langfuse.
# prompts:
#   git: prompts/

## Model IDs the app calls; both must be pinned snapshots. fallback_probe (optional) is one smoke
## call to the app's fallback route; {input} becomes a short smoke prompt, output says where the answer is.
# models:
#   primary: claude-sonnet-4-5-20250929
#   fallback: deepseek-chat-v3
#   fallback_probe: {url: "{url}/v1/chat?model=fallback", method: POST, body: {message: "{input}"}, output: "[BODY].reply", timeout: 20s}

## Alert channels; their webhook URLs are secrets.
# notify:
#   release-room: {slack: env:SLACK_WEBHOOK_URL}
#   pager: {webhook: env:PAGER_URL, headers: {X-Token: env:PAGER_TOKEN}}

## Monthly budget; alerts fire at these percents of it.
# budget:
#   monthly_usd: 500
#   alerts: [50, 75, 90]
#   expected_daily_usd: [5, 40]
#   notify: [release-room]

## Where costs and LLM calls are read.
# sources:
#   cost:
#     openai: {admin_key: env:OPENAI_ADMIN_KEY, project_ids: [proj_abc]}
#   calls:
#     - {otel: logs/traces.jsonl}
#     - {jsonl: logs/calls.jsonl, fields: {latency_ms: duration, cost_usd: price}}
#   window: 24h

## List prices in USD per million tokens, for logged calls with tokens but no cost whose model the
## built-in table (genai-prices data) lacks or prices differently. Exact model IDs as the log writes them.
# prices:
#   acme-llama-3.1-70b-ft: {input_per_mtok: 0.9, output_per_mtok: 0.9}

## How to roll back: an argv list, never run through a shell.
# rollback:
#   command: [vercel, rollback, --yes]
#   dry_run: [vercel, rollback, --dry-run]
#   cwd: .
#   env: {VERCEL_TOKEN: env:VERCEL_TOKEN}
#   timeout: 5m
#   verify: [infra.health, h24.error-rate]
#   approvers: 2          # distinct people who must approve the command before it runs (1-5, default 1)

## Kill switch for AI features.
# flags:
#   ofrep: {base_url: http://localhost:8016, flag: ai-enabled}

## Eval set replayed against the app.
# evals:
#   dataset: evals/cases.yaml
#   target: {url: "{url}/v1/chat", method: POST, body: {message: "{input}"}, output: "[BODY].reply"}
#   min_cases: 20
#   tolerance: 0.02

## Red-team run; the canary is planted in the system prompt and must never come back.
# redteam:
#   target: {url: "{url}/v1/chat", method: POST, body: {message: "{input}"}, output: "[BODY].reply"}
#   canary: env:SYSTEM_PROMPT_CANARY
#   system_prompt: prompts/system.md   # optional: also a leak when half its 4-grams come back
#   max_success_rate: 0
## The three sec.* items then run; a check may bound a run, e.g.
##   sec.prompt-injection: {redteam: {max_requests: 40, max_cost_usd: 1, within: 10m, timeout: 30s}}

## MCP client configs to inspect.
# mcp: [.mcp.json]

## Liftoff's own polling of infra.health while it runs.
# uptime: {every: 1m, target: 99.9}

## Per-item bindings; every item also takes freshness, level, every, why, or the value na.
checks:
  infra.health:
    http: {url: "{url}/health", timeout: 5s}
    conditions: ["[STATUS] == 200"]
#   infra.https: {tls: {url: "{url}", min_days: 14}}
#   cost.rate-limiting:
#     burst: {url: "{url}/v1/chat", method: POST, body: {message: hi}, max_requests: 60, within: 10s, expect: 429}
#   rb.migrations-reversible: na

## Extra items of this project.
# items:
#   - id: custom.legal-signoff
#     title: Legal sign-off on the AI disclosure text
#     section: Security
#     level: must
#     binding: manual+evidence
)";

QString yamlQuoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s);
    escaped.replace(u'"', u"\\\""_s);
    escaped.replace(u'\n', u"\\n"_s);
    escaped.replace(u'\t', u"\\t"_s);
    return u'"' + escaped + u'"';
}
} // namespace

QString ConfigTemplate::commentedYaml(const QString &projectName)
{
    return QString::fromUtf16(TEMPLATE).arg(yamlQuoted(projectName.isEmpty() ? u"my-app"_s : projectName));
}
