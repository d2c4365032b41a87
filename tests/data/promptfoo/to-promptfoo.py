#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a promptfoo config that runs a Liftoff eval set (cases.yaml) against a chat endpoint.

    to-promptfoo.py CASES.yaml BASE_URL > promptfooconfig.yaml

The endpoint is the demo's: POST {BASE_URL}/v1/chat {"message": input} -> {"reply": ...}.
Assertions map one to one where promptfoo has the same check; regexes with an inline (?i) become
a case-insensitive JavaScript test, since JavaScript has no inline flags.
"""
import json
import sys

import yaml


def assertion(kind, value):
    if kind in ("contains", "icontains", "equals", "starts_with"):
        return {"type": kind.replace("_", "-"), "value": value}
    if kind == "not_contains":
        return {"type": "not-contains", "value": value}
    if kind == "regex":
        if value.startswith("(?i)"):
            return {"type": "javascript", "value": "new RegExp(%s, 'i').test(output)" % json.dumps(value[4:])}
        return {"type": "regex", "value": value}
    if kind == "is_json":
        return {"type": "is-json"}
    if kind == "json_schema":
        return {"type": "is-json", "value": value}
    if kind == "max_latency":
        text = str(value)
        ms = float(text[:-2]) if text.endswith("ms") else float(text.rstrip("s")) * 1000
        return {"type": "latency", "threshold": int(ms)}
    raise SystemExit("no promptfoo assertion for %s" % kind)


def main():
    cases = yaml.safe_load(open(sys.argv[1]))
    base = sys.argv[2].rstrip("/")
    config = {
        "description": "Liftoff demo eval set",
        "prompts": ["{{input}}"],
        "providers": [{
            "id": "http",
            "config": {
                "url": base + "/v1/chat",
                "method": "POST",
                "headers": {"Content-Type": "application/json"},
                "body": {"message": "{{prompt}}"},
                "transformResponse": "json.reply",
            },
        }],
        "tests": [],
    }
    for case in cases:
        asserts = []
        for entry in case.get("assert", []):
            # `- is_json` stands alone; the others are one-key mappings
            (kind, value), = entry.items() if isinstance(entry, dict) else ((entry, None),)
            asserts.append(assertion(kind, value))
        config["tests"].append({"description": case["id"], "vars": {"input": case["input"]}, "assert": asserts})
    yaml.safe_dump(config, sys.stdout, sort_keys=False, allow_unicode=True)


main()
