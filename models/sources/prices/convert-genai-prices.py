#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns the price data of pydantic/genai-prices into Liftoff's built-in price table.

Usage:
  npm pack @pydantic/genai-prices            # writes pydantic-genai-prices-VERSION.tgz
  npm view @pydantic/genai-prices time       # the publish date of that version
  convert-genai-prices.py --date 2026-09-23 pydantic-genai-prices-0.1.8.tgz > model_prices.json

The input is the npm tarball (its package.json gives the version, its dist/index.js holds the
provider list as a JavaScript literal), that index.js itself, or the project's JSON feed
(prices/new_data/v2/data.json of github.com/pydantic/genai-prices). Only facts are carried
over: model IDs and their input/output list prices. Python 3 standard library only.

The output keeps the shape of LiteLLM's model_prices_and_context_window.json, which
PriceTable reads (spec/formats.md section 10): one object keyed by model ID, each with
`input_cost_per_token` / `output_cost_per_token` in USD per token and `litellm_provider`, one
line per model. Two keys of our own start with `_`, which LiteLLM-shaped readers skip:
`_meta` (source, version, date of the data) and `_prefixes` (prefix -> price, for IDs that
genai-prices matches by their start, such as the dated snapshots `claude-3-5-sonnet-20241022`).

How genai-prices' data is reduced to one price per model ID:
- Match rules: the model's `id` and every `equals` alias become exact keys; `starts_with`
  rules become prefixes (PriceTable takes the longest matching one, after any exact key);
  a regex of the form `^NAME-\\d...` (a dated snapshot) becomes the prefix `NAME-`. Other
  `contains`, `ends_with`, `regex` and `and` rules are left out: they would need pattern
  matching on every call of a log. All keys are lower case, as genai-prices compares them.
- One ID listed by several providers: the provider whose own `model_match` claims the ID wins
  (openai for `gpt-4o`, deepseek for `deepseek-chat`), then model vendors (providers with a
  `model_match`), then the first provider in the data's order. A reseller's exact ID or
  prefix is left out when the claiming vendor already prices that ID by a rule of its own. Provider-prefixed IDs (`openai/gpt-4o`) are kept as the data lists them; PriceTable
  also falls back to the ID without its `provider/` prefix.
- Tiered prices (`{base, tiers}`, e.g. a higher rate above 200k input tokens): the base tier.
- Date-dependent price lists: the last entry whose `start_date` is on or before --date, as
  genai-prices picks them. Time-of-day prices (DeepSeek's peak and off-peak hours): the rate
  billed for most hours of the UTC day, since a table holds one price per model.
- Only `input_mtok` and `output_mtok` are used: no cache, audio, image or per-request prices.
  A model with neither is left out, except IDs ending in `:free`, which cost 0.
"""
import argparse
import io
import json
import re
import sys
import tarfile

PACKAGE = "@pydantic/genai-prices"
DATA_START = "const E = "


def js_literal(text, start):
    """Reads the JavaScript literal (objects, arrays, strings, numbers, !0/!1, void 0) at text[start]."""
    space = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
    number = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
    name = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
    escapes = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "\n": ""}
    pos = start

    def skip():
        nonlocal pos
        pos = space.match(text, pos).end()

    def string():
        nonlocal pos
        quote = text[pos]
        pos += 1
        out = []
        while text[pos] != quote:
            c = text[pos]
            if c == "\\":
                e = text[pos + 1]
                if e == "u":
                    out.append(chr(int(text[pos + 2:pos + 6], 16)))
                    pos += 6
                    continue
                out.append(escapes.get(e, e))
                pos += 2
                continue
            if quote == "`" and text.startswith("${", pos):
                raise ValueError("template substitution at offset %d" % pos)
            out.append(c)
            pos += 1
        pos += 1
        return "".join(out)

    def value():
        nonlocal pos
        skip()
        c = text[pos]
        if c == "{":
            pos += 1
            obj = {}
            while True:
                skip()
                if text[pos] == "}":
                    pos += 1
                    return obj
                if text[pos] in "\"'`":
                    key = string()
                else:
                    m = name.match(text, pos) or number.match(text, pos)
                    key = m.group(0)
                    pos = m.end()
                skip()
                if text[pos] != ":":
                    raise ValueError("expected ':' at offset %d" % pos)
                pos += 1
                obj[key] = value()
                skip()
                if text[pos] == ",":
                    pos += 1
        if c == "[":
            pos += 1
            items = []
            while True:
                skip()
                if text[pos] == "]":
                    pos += 1
                    return items
                items.append(value())
                skip()
                if text[pos] == ",":
                    pos += 1
        if c in "\"'`":
            return string()
        for word, result in (("!0", True), ("!1", False), ("void 0", None), ("true", True), ("false", False),
                             ("null", None)):
            if text.startswith(word, pos):
                pos += len(word)
                return result
        m = number.match(text, pos)
        if m:
            pos = m.end()
            literal = m.group(0)
            return float(literal) if any(ch in literal for ch in ".eE") else int(literal)
        raise ValueError("unexpected %r at offset %d" % (text[pos:pos + 20], pos))

    return value()


def providers_from_js(text):
    start = text.find(DATA_START)
    if start < 0:
        sys.exit("no provider list (%r) in the script; the package layout changed" % DATA_START)
    return js_literal(text, start + len(DATA_START))


def load(path):
    """(providers, version) from a tarball, an index.js or a JSON feed."""
    if path.endswith((".tgz", ".tar.gz")):
        with tarfile.open(path) as tar:
            meta = json.load(tar.extractfile("package/package.json"))
            script = io.TextIOWrapper(tar.extractfile("package/dist/index.js"), encoding="utf-8").read()
        if meta.get("name") != PACKAGE:
            sys.exit("%s is %s, not %s" % (path, meta.get("name"), PACKAGE))
        return providers_from_js(script), meta["version"]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return json.loads(text), None
    return providers_from_js(text), None


def matches(rule, model):
    """genai-prices' match logic, used for the providers' own `model_match`."""
    if not rule:
        return False
    (kind, arg), = rule.items()
    if kind == "or":
        return any(matches(r, model) for r in arg)
    if kind == "and":
        return all(matches(r, model) for r in arg)
    if kind == "equals":
        return model == arg.lower()
    if kind == "starts_with":
        return model.startswith(arg.lower())
    if kind == "ends_with":
        return model.endswith(arg.lower())
    if kind == "contains":
        return arg.lower() in model
    if kind == "regex":
        return re.search(arg, model) is not None
    raise ValueError("unknown match rule %r" % kind)


DATED_REGEX = re.compile(r"^\^((?:[a-z0-9_/:]|\\\.|-)+?)-\\d")


def keys_of(model):
    """(exact IDs, prefixes) that a model's match rule names."""
    exact = [model["id"].lower()]
    prefixes = []

    def walk(rule):
        (kind, arg), = rule.items()
        if kind == "or":
            for r in arg:
                walk(r)
        elif kind == "equals":
            exact.append(arg.lower())
        elif kind == "starts_with":
            prefixes.append(arg.lower())
        elif kind == "regex":
            m = DATED_REGEX.match(arg)
            if m:
                prefixes.append(m.group(1).replace("\\.", ".") + "-")

    walk(model["match"])
    return exact, prefixes


def base(value):
    return value["base"] if isinstance(value, dict) else value


def hours(window):
    def seconds(t):
        h, m, s = t.rstrip("Z").split(":")
        return int(h) * 3600 + int(m) * 60 + int(s)
    span = seconds(window["end_time"]) - seconds(window["start_time"])
    return (span % 86400) / 3600.0


def current_prices(prices, date):
    """The one price set of a model at date (see the module comment)."""
    if isinstance(prices, dict):
        return prices
    chosen = {}
    windows = {}
    for entry in prices:
        constraint = entry.get("constraint")
        if constraint is None or (constraint["type"] == "start_date" and constraint["start_date"] <= date):
            chosen = entry["prices"]
        elif constraint["type"] == "time_of_date":
            key = json.dumps(entry["prices"], sort_keys=True)
            windows[key] = windows.get(key, 0.0) + hours(constraint)
    if windows:
        key, longest = max(windows.items(), key=lambda item: item[1])
        if longest > 24.0 - sum(windows.values()):
            chosen = json.loads(key)
    return chosen


def per_token(mtok):
    # USD per million tokens -> per token, printed short ("2.5e-06", as LiteLLM's file does).
    return float("%.12g" % (mtok / 1e6))


def entry_for(provider, model, date):
    prices = current_prices(model["prices"], date)
    has_in, has_out = "input_mtok" in prices, "output_mtok" in prices
    if not has_in and not has_out and not model["id"].endswith(":free"):
        return None
    return {"input_cost_per_token": per_token(base(prices.get("input_mtok", 0))),
            "output_cost_per_token": per_token(base(prices.get("output_mtok", 0))),
            "litellm_provider": provider["id"]}


def convert(providers, version, date):
    candidates = []  # (table, key, provider index, entry)
    own_exact = {}   # provider index -> its exact keys, for providers with a model_match
    own_prefixes = {}
    for order, provider in enumerate(providers):
        for model in provider["models"]:
            entry = entry_for(provider, model, date)
            if entry is None:
                continue
            ids, starts = keys_of(model)
            candidates += [("exact", key, order, entry) for key in ids]
            candidates += [("prefix", key, order, entry) for key in starts]
            if provider.get("model_match"):
                own_exact.setdefault(order, set()).update(ids)
                own_prefixes.setdefault(order, set()).update(starts)

    def priced_by_owner(key, order):
        # Another provider claims the ID by its model_match and prices it by a rule of its own:
        # then a reseller's entry (AWS's dearer `claude-sonnet-4-5-20250929`) must not shadow it.
        for owner, provider in enumerate(providers):
            if owner == order or not matches(provider.get("model_match"), key):
                continue
            if key in own_exact.get(owner, ()) or any(key.startswith(p) for p in own_prefixes.get(owner, ())):
                return True
        return False

    tables = {"exact": {}, "prefix": {}}  # key -> (rank, entry)
    for kind, key, order, entry in candidates:
        provider = providers[order]
        if matches(provider.get("model_match"), key):
            rank = (0, order)
        elif priced_by_owner(key, order):
            continue
        else:
            # Model vendors (providers with a model_match) before resellers and hosts, then data order.
            rank = (1 if provider.get("model_match") else 2, order)
        table = tables[kind]
        if key not in table or rank < table[key][0]:
            table[key] = (rank, entry)
    exact, prefixes = tables["exact"], tables["prefix"]
    meta = {
        "source": "%s %s (https://github.com/pydantic/genai-prices, MIT)" % (PACKAGE, version or "unknown version"),
        "date": date,
        "description": "Built-in list prices used to estimate the cost of calls whose log has none, converted by "
                       "models/sources/prices/convert-genai-prices.py. USD per token, standard tier: base tier of "
                       "tiered prices, no cache, batch or off-peak discounts. `_prefixes` price IDs by their start "
                       "(longest first) when no exact key matches.",
        "models": len(exact),
        "prefixes": len(prefixes),
    }
    lines = ["{", '    "_meta": %s,' % json.dumps(meta, ensure_ascii=False)]
    for key in sorted(exact):
        lines.append("    %s: %s," % (json.dumps(key, ensure_ascii=False), json.dumps(exact[key][1])))
    lines.append('    "_prefixes": {')
    items = sorted(prefixes)
    for i, key in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        lines.append("        %s: %s%s" % (json.dumps(key, ensure_ascii=False), json.dumps(prefixes[key][1]), comma))
    lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", help="the npm tarball, its dist/index.js, or data.json")
    parser.add_argument("--date", required=True, help="the date of the data (YYYY-MM-DD), e.g. the publish date")
    parser.add_argument("--version", help="the package version, when the input is not the tarball")
    args = parser.parse_args()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        sys.exit("--date expects YYYY-MM-DD")
    providers, version = load(args.input)
    sys.stdout.write(convert(providers, version or args.version, args.date))


if __name__ == "__main__":
    main()
