// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ModelIdClassifier.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

QRegularExpressionMatch matchWhole(const QString &pattern, const QString &subject)
{
    // Each pattern is compiled once per thread and reused.
    thread_local QHash<QString, QRegularExpression> cache;
    auto it = cache.find(pattern);
    if (it == cache.end())
        it = cache.insert(pattern, QRegularExpression(u"^(?:"_s + pattern + u")$"_s,
                                                      QRegularExpression::CaseInsensitiveOption));
    return it->match(subject);
}

bool matches(const QString &pattern, const QString &subject)
{
    return matchWhole(pattern, subject).hasMatch();
}

bool validMonthDay(int month, int day)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

QString providerOf(const QString &id)
{
    const QString lower = id.toLower();
    if (matches(u"(gpt-|chatgpt-|codex-|o\\d).*"_s, lower))
        return u"OpenAI"_s;
    if (lower.startsWith(u"claude"_s) || lower == u"opus"_s || lower == u"sonnet"_s || lower == u"haiku"_s)
        return u"Anthropic"_s;
    if (lower.startsWith(u"gemini"_s))
        return u"Google"_s;
    if (lower.startsWith(u"deepseek"_s))
        return u"DeepSeek"_s;
    if (matches(u"(mistral|codestral|ministral|pixtral|magistral|devstral|voxtral|open-mistral|open-mixtral)(-.*)?"_s,
                lower))
        return u"Mistral"_s;
    return {};
}

QString providerOfPrefix(const QString &prefix)
{
    const QString lower = prefix.toLower();
    if (lower == u"openai"_s || lower == u"azure"_s)
        return u"OpenAI"_s;
    if (lower == u"anthropic"_s)
        return u"Anthropic"_s;
    if (lower == u"gemini"_s || lower == u"google"_s || lower == u"vertex_ai"_s)
        return u"Google"_s;
    if (lower == u"mistral"_s || lower == u"mistralai"_s)
        return u"Mistral"_s;
    if (lower == u"deepseek"_s)
        return u"DeepSeek"_s;
    return {};
}

void classifyOpenAi(ModelIdClassification &c, const QString &id)
{
    if (const auto m = matchWhole(u".*-(\\d{2})(\\d{2})(-preview)?"_s, id); m.hasMatch()) {
        if (validMonthDay(m.captured(1).toInt(), m.captured(2).toInt())) {
            c.pinning = ModelPinning::Pinned;
            c.reason = u"legacy OpenAI snapshot with an -MMDD date"_s;
            return;
        }
    }
    c.pinning = ModelPinning::Floating;
    c.reason = u"undated OpenAI name: it points to the latest snapshot of the family"_s;
}

void classifyAnthropic(ModelIdClassification &c, const QString &id)
{
    const QString lower = id.toLower();
    if (lower == u"opus"_s || lower == u"sonnet"_s || lower == u"haiku"_s) {
        c.pinning = ModelPinning::Floating;
        c.reason = u"tool-level shorthand, not an API model ID"_s;
        return;
    }
    if (const auto m = matchWhole(u"claude-([a-z]+)-(\\d+)-(\\d+)"_s, lower); m.hasMatch()) {
        const int major = m.captured(2).toInt();
        const int minor = m.captured(3).toInt();
        if (major > 4 || (major == 4 && minor >= 6)) {
            c.pinning = ModelPinning::Pinned;
            c.reason = u"dateless Claude %1.%2 ID: from the 4.6 generation on it names one fixed snapshot"_s.arg(major).arg(minor);
        } else {
            c.pinning = ModelPinning::Floating;
            c.reason = u"dateless Claude %1.%2 alias: before 4.6 it points to the newest dated snapshot"_s.arg(major).arg(minor);
        }
        return;
    }
    if (const auto m = matchWhole(u"claude-([a-z]+)-(\\d+)"_s, lower); m.hasMatch()) {
        if (m.captured(2).toInt() <= 4) {
            c.pinning = ModelPinning::Floating;
            c.reason = u"dateless Claude alias without a minor version"_s;
        } else {
            c.pinning = ModelPinning::Unknown;
            c.reason = u"Claude ID without a minor version: no rule says which snapshot it names"_s;
        }
        return;
    }
    if (matches(u"claude-\\d+(-\\d+)?-[a-z]+(-v\\d+)?"_s, lower)) {
        c.pinning = ModelPinning::Floating;
        c.reason = u"old-style Claude name without a date: an alias"_s;
        return;
    }
    c.pinning = ModelPinning::Unknown;
    c.reason = u"Claude ID of an unknown form (retired or misspelled?)"_s;
}

void classifyGemini(ModelIdClassification &c, const QString &id)
{
    const QString lower = id.toLower();
    if (matches(u".*-(preview|exp)-(\\d{2}-\\d{2}|\\d{4})"_s, lower) || matches(u"gemini-exp-\\d{4}"_s, lower)) {
        c.pinning = ModelPinning::Preview;
        c.reason = u"dated Gemini preview/experimental model: short-lived, can be redirected or retired"_s;
        return;
    }
    if (matches(u".*-(preview|exp)(-.*)?"_s, lower)) {
        c.pinning = ModelPinning::Floating;
        c.reason = u"undated Gemini preview/experimental name"_s;
        return;
    }
    if (matches(u".*-\\d{3}"_s, lower)) {
        c.pinning = ModelPinning::Pinned;
        c.reason = u"stable Gemini version with a -00N suffix"_s;
        return;
    }
    if (const auto m = matchWhole(u"gemini-(\\d+)(?:\\.(\\d+))?-.*"_s, lower); m.hasMatch()) {
        const int major = m.captured(1).toInt();
        const int minor = m.captured(2).toInt();
        if (major > 2 || (major == 2 && minor >= 5)) {
            c.pinning = ModelPinning::Unknown;
            c.reason = u"Gemini 2.5+ stable models ship without a -00N suffix: cannot tell alias from snapshot"_s;
            return;
        }
    }
    c.pinning = ModelPinning::Floating;
    c.reason = u"Gemini auto-updated alias (no -00N version)"_s;
}

void classifyDeepSeek(ModelIdClassification &c, const QString &id)
{
    const QString lower = id.toLower();
    if (lower == u"deepseek-chat"_s || lower == u"deepseek-reasoner"_s || lower == u"deepseek-coder"_s) {
        c.pinning = ModelPinning::Floating;
        c.reason = u"first-party DeepSeek API name: upgraded in place, no dated snapshots"_s;
        return;
    }
    if (matches(u"deepseek-v4(-.*)?"_s, lower)) {
        c.pinning = ModelPinning::Unknown;
        c.reason = u"DeepSeek V4 naming is not confirmed"_s;
        return;
    }
    if (matches(u"deepseek-(v\\d+|r\\d+)-\\d{4}"_s, lower) || matches(u"deepseek-(v|r)\\d+\\.\\d+(-.*)?"_s, lower)) {
        c.pinning = ModelPinning::Pinned;
        c.reason = u"versioned open-weight DeepSeek checkpoint"_s;
        return;
    }
    c.pinning = ModelPinning::Unknown;
    c.reason = u"DeepSeek name without a checkpoint date or version"_s;
}

void classifyMistral(ModelIdClassification &c, const QString &id)
{
    const QString lower = id.toLower();
    if (const auto m = matchWhole(u".*-(\\d{2})(\\d{2})"_s, lower); m.hasMatch()) {
        const int month = m.captured(2).toInt();
        if (month >= 1 && month <= 12) {
            c.pinning = ModelPinning::Pinned;
            c.reason = u"Mistral version with a YYMM suffix (20%1-%2)"_s.arg(m.captured(1), m.captured(2));
            return;
        }
    }
    if (lower.startsWith(u"open-mistral"_s) || lower.startsWith(u"open-mixtral"_s)) {
        c.pinning = ModelPinning::Pinned;
        c.reason = u"fixed open-weight Mistral model (deprecated)"_s;
        return;
    }
    if (lower.contains(u"embed"_s) || lower.contains(u"moderation"_s)) {
        c.pinning = ModelPinning::Unknown;
        c.reason = u"bare Mistral name without a YYMM version"_s;
        return;
    }
    c.pinning = ModelPinning::Floating;
    c.reason = u"bare Mistral name without a YYMM version: an alias"_s;
}

} // namespace

QString ModelIdClassification::pinningName(ModelPinning pinning)
{
    switch (pinning) {
    case ModelPinning::Pinned: return u"PINNED"_s;
    case ModelPinning::Floating: return u"FLOATING"_s;
    case ModelPinning::Preview: return u"PREVIEW"_s;
    case ModelPinning::Unknown: return u"UNKNOWN"_s;
    }
    return u"UNKNOWN"_s;
}

ModelIdClassification ModelIdClassifier::classify(const QString &rawId)
{
    ModelIdClassification c;
    c.id = rawId;
    QString id = rawId.trimmed();
    QString prefixProvider;

    if (id.startsWith(u"ft:"_s)) {
        const QString base = id.section(u':', 1, 1);
        c.baseId = base;
        c.provider = providerOf(base).isEmpty() ? u"OpenAI"_s : providerOf(base);
        c.pinning = ModelPinning::Pinned;
        c.reason = u"fine-tuned model: a fixed model of its own"_s;
        return c;
    }
    bool routerAlias = false;
    if (id.startsWith(u'~')) {
        routerAlias = true;
        id.remove(0, 1);
    }
    // LiteLLM provider prefixes, Gemini resource names, OpenRouter author/ slugs.
    while (id.contains(u'/')) {
        const QString head = id.section(u'/', 0, 0);
        if (prefixProvider.isEmpty())
            prefixProvider = providerOfPrefix(head);
        id = id.section(u'/', 1);
    }
    // Bedrock: optional region group, vendor prefix, -vN(:M) suffix.
    if (const auto m = matchWhole(u"(?:(?:us|eu|apac|global|jp|au)\\.)?(anthropic|mistral|meta|amazon|cohere|ai21|deepseek)\\.(.+?)(-v\\d+(?::\\d+)?)?"_s, id);
        m.hasMatch() && (m.capturedLength(3) > 0 || m.captured(1) == u"anthropic"_s || m.captured(1) == u"mistral"_s)) {
        const QString vendor = m.captured(1).toLower();
        id = m.captured(2);
        if (prefixProvider.isEmpty())
            prefixProvider = providerOfPrefix(vendor);
        if (vendor != u"anthropic"_s && vendor != u"mistral"_s && vendor != u"deepseek"_s) {
            c.baseId = id;
            c.pinning = ModelPinning::Unknown;
            c.reason = u"Bedrock model of a vendor without pinning rules"_s;
            return c;
        }
    }
    c.baseId = id;
    c.provider = providerOf(id);
    if (c.provider.isEmpty())
        c.provider = prefixProvider;

    // Vertex @version suffix.
    if (const auto m = matchWhole(u"(.+)@(.+)"_s, id); m.hasMatch()) {
        c.baseId = m.captured(1);
        const QString version = m.captured(2).toLower();
        if (matches(u"\\d{8}|\\d{3}"_s, version)) {
            c.pinning = ModelPinning::Pinned;
            c.reason = u"Vertex ID with an @%1 snapshot"_s.arg(version);
        } else if (version == u"latest"_s) {
            c.pinning = ModelPinning::Floating;
            c.reason = u"Vertex @latest alias"_s;
        } else {
            c.pinning = ModelPinning::Unknown;
            c.reason = u"Vertex ID with an unknown @%1 version"_s.arg(version);
        }
        return c;
    }
    // Generic rules.
    if (id.endsWith(u"-latest"_s, Qt::CaseInsensitive)) {
        c.pinning = ModelPinning::Floating;
        c.reason = routerAlias ? u"OpenRouter ~author/family-latest router alias"_s
                               : u"-latest alias: the provider moves it to new snapshots"_s;
        return c;
    }
    if (const auto m = matchWhole(u".*-(\\d{4})-?(\\d{2})-?(\\d{2})"_s, id);
        m.hasMatch() && m.captured(1).startsWith(u"20"_s) && validMonthDay(m.captured(2).toInt(), m.captured(3).toInt())) {
        if (c.provider == u"Google"_s && matches(u".*-(preview|exp)-.*"_s, id)) {
            c.pinning = ModelPinning::Preview;
            c.reason = u"dated Gemini preview: short-lived"_s;
        } else {
            c.pinning = ModelPinning::Pinned;
            c.reason = u"dated snapshot"_s;
        }
        return c;
    }
    if (c.provider == u"OpenAI"_s)
        classifyOpenAi(c, id);
    else if (c.provider == u"Anthropic"_s)
        classifyAnthropic(c, id);
    else if (c.provider == u"Google"_s)
        classifyGemini(c, id);
    else if (c.provider == u"DeepSeek"_s)
        classifyDeepSeek(c, id);
    else if (c.provider == u"Mistral"_s)
        classifyMistral(c, id);
    else {
        c.pinning = ModelPinning::Unknown;
        c.reason = u"no pinning rules for this model's provider"_s;
    }
    return c;
}
