// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CallLogFormat.h"

using namespace Qt::StringLiterals;

namespace {
// True when head contains "key" used as an object key, i.e. followed by optional spaces and ':'.
bool hasKey(std::string_view head, std::string_view quotedKey)
{
    std::size_t pos = 0;
    while ((pos = head.find(quotedKey, pos)) != std::string_view::npos) {
        pos += quotedKey.size();
        std::size_t i = pos;
        while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
            ++i;
        if (i < head.size() && head[i] == ':')
            return true;
    }
    return false;
}
} // namespace

QString CallLogFormatText::toString(CallLogFormat format)
{
    switch (format) {
    case CallLogFormat::Auto: return u"auto"_s;
    case CallLogFormat::Otel: return u"otel"_s;
    case CallLogFormat::LiteLlm: return u"litellm"_s;
    case CallLogFormat::Jsonl: return u"jsonl"_s;
    case CallLogFormat::Langfuse: return u"langfuse"_s;
    }
    return {};
}

std::optional<CallLogFormat> CallLogFormatText::fromString(const QString &text)
{
    for (CallLogFormat f : {CallLogFormat::Auto, CallLogFormat::Otel, CallLogFormat::LiteLlm, CallLogFormat::Jsonl,
                            CallLogFormat::Langfuse}) {
        if (toString(f) == text)
            return f;
    }
    return std::nullopt;
}

CallLogFormat CallLogFormatText::detect(std::string_view head)
{
    if (hasKey(head, "\"resourceSpans\""))
        return CallLogFormat::Otel;
    if (hasKey(head, "\"providedModelName\"") || hasKey(head, "\"usageDetails\"")
        || (hasKey(head, "\"traceId\"") && hasKey(head, "\"startTime\"")))
        return CallLogFormat::Langfuse;
    if (hasKey(head, "\"spend\"") || hasKey(head, "\"model_group\"") || hasKey(head, "\"call_type\""))
        return CallLogFormat::LiteLlm;
    return CallLogFormat::Jsonl;
}
