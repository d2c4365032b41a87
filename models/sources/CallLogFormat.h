// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>
#include <string_view>

/** The call-log wire formats the readers understand (spec/formats.md sections 3, 5, 7). */
enum class CallLogFormat {
    Auto,     ///< detect from the first non-empty line
    Otel,     ///< OTLP/JSON file-exporter lines with GenAI spans
    LiteLlm,  ///< LiteLLM spend-log rows (one per line, or the /spend/logs array)
    Jsonl,    ///< flat JSON records with a configurable field mapping
    Langfuse, ///< Langfuse observations (v2 `{"data": [...]}` or one per line)
};

namespace CallLogFormatText {
/** Wire name used by the CLI: "auto", "otel", "litellm", "jsonl", "langfuse". */
QString toString(CallLogFormat format);
/** Parses a wire name; std::nullopt for anything else. */
std::optional<CallLogFormat> fromString(const QString &text);
/**
 * Guesses the format from the start of a log (its first non-empty line, or the first bytes of
 * a whole JSON document) by looking for keys that only one format uses. Never returns Auto:
 * anything unrecognised is Jsonl.
 */
CallLogFormat detect(std::string_view head);
} // namespace CallLogFormatText
