// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalAssertion.h"

#include "evals/JsonSchemaSubset.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {
/** How much of the output a failure message quotes. */
constexpr qsizetype QUOTE_CHARS = 80;

QString quoted(const QString &output)
{
    const QString flat = output.simplified();
    return flat.size() <= QUOTE_CHARS ? u"\""_s + flat + u"\""_s : u"\""_s + flat.left(QUOTE_CHARS) + u"…\""_s;
}

QString numberText(double value)
{
    return QString::number(value, 'g', 12);
}

std::optional<QJsonValue> parseJson(const QString &output, QString *error)
{
    QJsonParseError parseError;
    const QByteArray bytes = output.trimmed().toUtf8();
    // QJsonDocument takes objects and arrays only; wrap to read any JSON value.
    const QJsonDocument document = QJsonDocument::fromJson("[" + bytes + "]", &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray() || document.array().size() != 1) {
        *error = u"the output is not JSON (%1)"_s.arg(parseError.error != QJsonParseError::NoError
                                                          ? parseError.errorString()
                                                          : u"not one value"_s);
        return std::nullopt;
    }
    return document.array().at(0);
}

struct KindName
{
    EvalAssertion::Kind kind;
    const char *name;
};
constexpr KindName KIND_NAMES[] = {
    {EvalAssertion::Kind::Contains, "contains"},     {EvalAssertion::Kind::NotContains, "not_contains"},
    {EvalAssertion::Kind::IContains, "icontains"},   {EvalAssertion::Kind::Regex, "regex"},
    {EvalAssertion::Kind::Equals, "equals"},         {EvalAssertion::Kind::StartsWith, "starts_with"},
    {EvalAssertion::Kind::IsJson, "is_json"},        {EvalAssertion::Kind::JsonSchema, "json_schema"},
    {EvalAssertion::Kind::MaxLatency, "max_latency"}, {EvalAssertion::Kind::MaxTokens, "max_tokens"},
    {EvalAssertion::Kind::MaxCost, "max_cost"},
};
} // namespace

QStringList EvalAssertion::kindNames()
{
    QStringList names;
    for (const KindName &k : KIND_NAMES)
        names.append(QString::fromLatin1(k.name));
    return names;
}

std::optional<EvalAssertion::Kind> EvalAssertion::kindFromName(const QString &name)
{
    for (const KindName &k : KIND_NAMES) {
        if (name == QLatin1StringView(k.name))
            return k.kind;
    }
    return std::nullopt;
}

QString EvalAssertion::kindName(Kind kind)
{
    for (const KindName &k : KIND_NAMES) {
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    }
    return {};
}

QString EvalAssertion::expectedText() const
{
    switch (kind) {
    case Kind::IsJson:
        return u"true"_s;
    case Kind::JsonSchema:
        return QString::fromUtf8(schema.isObject() ? QJsonDocument(schema.toObject()).toJson(QJsonDocument::Compact)
                                                   : QByteArray("{}"));
    case Kind::MaxLatency:
        return u"%1 ms"_s.arg(qint64(number));
    case Kind::MaxTokens:
        return QString::number(qint64(number));
    case Kind::MaxCost:
        return u"$"_s + numberText(number);
    default:
        return text;
    }
}

EvalAssertionOutcome EvalAssertion::evaluate(const EvalAnswer &answer) const
{
    EvalAssertionOutcome out {kindName(kind), expectedText(), false, {}};
    const QString &output = answer.output;
    switch (kind) {
    case Kind::Contains:
        out.ok = output.contains(text);
        if (!out.ok)
            out.detail = u"not found in %1"_s.arg(quoted(output));
        break;
    case Kind::NotContains:
        out.ok = !output.contains(text);
        if (!out.ok)
            out.detail = u"found in %1"_s.arg(quoted(output));
        break;
    case Kind::IContains:
        out.ok = output.contains(text, Qt::CaseInsensitive);
        if (!out.ok)
            out.detail = u"not found (ignoring case) in %1"_s.arg(quoted(output));
        break;
    case Kind::Regex: {
        if (!m_regex)
            m_regex = QRegularExpression(text);
        if (!m_regex->isValid()) {
            out.detail = u"invalid pattern: %1"_s.arg(m_regex->errorString());
            break;
        }
        out.ok = m_regex->match(output).hasMatch();
        if (!out.ok)
            out.detail = u"no match in %1"_s.arg(quoted(output));
        break;
    }
    case Kind::Equals:
        out.ok = output.trimmed() == text.trimmed();
        if (!out.ok)
            out.detail = u"the output is %1"_s.arg(quoted(output));
        break;
    case Kind::StartsWith:
        out.ok = output.trimmed().startsWith(text);
        if (!out.ok)
            out.detail = u"the output starts %1"_s.arg(quoted(output.trimmed().left(text.size() + 20)));
        break;
    case Kind::IsJson: {
        QString error;
        out.ok = parseJson(output, &error).has_value();
        out.detail = error;
        break;
    }
    case Kind::JsonSchema: {
        QString error;
        const std::optional<QJsonValue> value = parseJson(output, &error);
        if (!value) {
            out.detail = error;
            break;
        }
        const QStringList errors = JsonSchemaSubset::validate(schema, *value);
        out.ok = errors.isEmpty();
        out.detail = errors.join(u"; "_s);
        break;
    }
    case Kind::MaxLatency:
        if (answer.latencyMs < 0) {
            out.detail = u"latency not measured"_s;
            break;
        }
        out.ok = double(answer.latencyMs) <= number;
        out.detail = u"took %1 ms"_s.arg(answer.latencyMs);
        break;
    case Kind::MaxTokens:
        if (!answer.tokens) {
            out.detail = u"the answer reported no token usage"_s;
            break;
        }
        out.ok = double(*answer.tokens) <= number;
        out.detail = u"used %1 tokens"_s.arg(*answer.tokens);
        break;
    case Kind::MaxCost:
        if (!answer.costUsd) {
            out.detail = u"the answer reported no cost"_s;
            break;
        }
        out.ok = *answer.costUsd <= number;
        out.detail = u"cost $%1"_s.arg(numberText(*answer.costUsd));
        break;
    }
    if (out.ok && kind != Kind::MaxLatency && kind != Kind::MaxTokens && kind != Kind::MaxCost)
        out.detail.clear();
    return out;
}
