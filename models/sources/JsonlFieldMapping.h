// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

#include <string>

/**
 * Which top-level keys of a generic JSONL call record hold which call field.
 *
 * Defaults follow spec/config.md (`ts, request_id, model, response_model, input_tokens,
 * output_tokens, latency_ms, ttft_ms, cost_usd, status, user, session, max_tokens, temperature, prompt, response`);
 * a source's `fields:` map overrides single entries. Keys are compared byte for byte with the
 * record's (unescaped-free) keys; nested paths are not supported.
 */
struct JsonlFieldMapping
{
    // Out of line on purpose: the AVX2 build of the parser copies mappings, and an inline copy
    // compiled there could replace the portable one at link time.
    JsonlFieldMapping();
    JsonlFieldMapping(const JsonlFieldMapping &other);
    JsonlFieldMapping &operator=(const JsonlFieldMapping &other);
    ~JsonlFieldMapping();

    std::string ts = "ts";
    std::string requestId = "request_id";
    std::string model = "model";
    std::string responseModel = "response_model";
    std::string inputTokens = "input_tokens";
    std::string outputTokens = "output_tokens";
    std::string latencyMs = "latency_ms";
    std::string ttftMs = "ttft_ms";
    std::string costUsd = "cost_usd";
    std::string status = "status";
    std::string user = "user";
    std::string session = "session";
    std::string maxTokens = "max_tokens";
    std::string temperature = "temperature";
    std::string prompt = "prompt";     ///< content: a string, or a list of {role, content} messages
    std::string response = "response"; ///< content, as prompt

    /**
     * Applies overrides keyed by the default names (e.g. {"latency_ms": "duration"}).
     * Returns false and names the key in @p errorMessage when a key is not a mapping field.
     */
    bool applyOverrides(const QHash<QString, QString> &overrides, QString *errorMessage);
};
