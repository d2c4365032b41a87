// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/SecretRedactor.h"

#include <QLatin1StringView>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QString MASK = u"••••"_s;
constexpr qsizetype MASK_TAIL = 4;

/**
 * Where a key may stand when its prefix is short or common in ordinary words ("task-…", "var8_…"):
 * not glued to a letter or digit, except behind an escape that ends in one (\n, \u003d, %3D).
 */
constexpr auto BOUNDARY = R"((?:(?<![A-Za-z0-9])|(?<=\\[nrt])|(?<=\\u[0-9A-Fa-f]{4})|(?<=%[0-9A-Fa-f]{2})))";

/**
 * The key shapes of spec/detectors.md ("Provider keys in source code"), widened: any length from
 * MIN_TOKEN_LENGTH (16) on, and a slightly larger alphabet where a provider might change it. The
 * whole match is the secret; \K keeps a label (Bearer, the Slack host) visible.
 */
QString keyPattern()
{
    const QString b = QString::fromLatin1(BOUNDARY);
    const QStringList rules {
        // Anthropic (sk-ant-api03-, sk-ant-admin01-, other sk-ant-…NN-), OpenAI project, service
        // account and admin keys, OpenRouter.
        uR"(sk-(?:ant-[A-Za-z0-9]{2,16}|proj|svcacct|admin|or-v1)-[A-Za-z0-9_-]{16,})"_s,
        // Plain sk- keys: OpenAI legacy, DeepSeek and the like.
        b + uR"(sk-[A-Za-z0-9_-]{16,})"_s,
        // An OpenAI marker makes any sk- token a key, even glued to a word (bounded: no backtracking blow-up).
        uR"(sk-[A-Za-z0-9_-]{0,160}T3BlbkFJ[A-Za-z0-9_-]*)"_s,
        // Google / Gemini.
        uR"(AIza[A-Za-z0-9_-]{16,})"_s,
        // AWS access key IDs and Bedrock long-lived keys.
        b + uR"((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16,})"_s,
        b + uR"(ABSK[A-Za-z0-9+/]{16,}={0,2})"_s,
        // Hugging Face user and organisation tokens.
        b + uR"(hf_[A-Za-z0-9]{16,})"_s,
        uR"(api_org_[A-Za-z0-9]{16,})"_s,
        // Groq, Replicate, xAI, Perplexity, LangSmith.
        uR"(gsk_[A-Za-z0-9]{16,})"_s,
        b + uR"(r8_[A-Za-z0-9_-]{16,})"_s,
        uR"(xai-[A-Za-z0-9_-]{16,})"_s,
        uR"(pplx-[A-Za-z0-9]{16,})"_s,
        uR"(lsv2_(?:pt|sk)_[A-Za-z0-9_]{16,})"_s,
        // Slack bot, user and other xox?- tokens; incoming webhook paths (JSON may escape the slashes).
        uR"(xox[a-z]-[A-Za-z0-9-]{16,})"_s,
        uR"(hooks\.slack\.com\\?/(?:services|workflows|triggers)\\?/\K[A-Za-z0-9/\\_-]{16,})"_s,
        // GitHub classic and fine-grained tokens.
        uR"(gh[pousr]_[A-Za-z0-9]{16,})"_s,
        uR"(github_pat_[A-Za-z0-9_]{16,})"_s,
        // Any bearer token (JWTs included).
        uR"((?i:bearer)[ \t]+\K[A-Za-z0-9._~+/=-]{16,})"_s,
    };
    return rules.join(u'|');
}

const QRegularExpression &keyRegex()
{
    static const QRegularExpression regex = [] {
        QRegularExpression r(keyPattern());
        r.optimize();
        Q_ASSERT_X(r.isValid(), "SecretRedactor", qPrintable(r.errorString()));
        return r;
    }();
    return regex;
}

bool startsWithAt(QStringView text, qsizetype i, QLatin1StringView prefix)
{
    return text.size() - i >= prefix.size() && text.sliced(i, prefix.size()) == prefix;
}

bool startsWithAnyAt(QStringView text, qsizetype i, std::initializer_list<QLatin1StringView> prefixes)
{
    return std::any_of(prefixes.begin(), prefixes.end(), [&](QLatin1StringView p) { return startsWithAt(text, i, p); });
}

} // namespace

SecretRedactor::SecretRedactor(const QStringList &secrets)
{
    setSecrets(secrets);
}

void SecretRedactor::setSecrets(const QStringList &secrets)
{
    m_secrets.clear();
    QStringList seen;
    auto add = [&](const QString &value) {
        if (value.size() < MIN_SECRET_LENGTH || seen.contains(value))
            return;
        seen.append(value);
        m_secrets.append({value, mask(value)});
    };
    for (const QString &secret : secrets) {
        add(secret);
        // A value read from a file or an env var may carry a newline the output does not show; a
        // URL (a webhook) may come back percent-encoded in an error message.
        add(secret.trimmed());
        add(QString::fromLatin1(QUrl::toPercentEncoding(secret)));
    }
    std::sort(m_secrets.begin(), m_secrets.end(),
              [](const Secret &a, const Secret &b) { return a.value.size() > b.value.size(); });
}

qsizetype SecretRedactor::firstKeyCandidate(QStringView text, qsizetype from)
{
    using L = QLatin1StringView;
    for (qsizetype i = std::max<qsizetype>(0, from); i < text.size(); ++i) {
        bool candidate = false;
        switch (text[i].unicode()) {
        case 's': candidate = startsWithAt(text, i, L("sk-")); break;
        case 'A':
            candidate = startsWithAnyAt(text, i, {L("AIza"), L("AKIA"), L("ASIA"), L("ABIA"), L("ACCA"), L("A3T"),
                                                  L("ABSK")});
            break;
        case 'h': candidate = startsWithAnyAt(text, i, {L("hf_"), L("hooks.slack.com")}); break;
        case 'a': candidate = startsWithAt(text, i, L("api_org_")); break;
        case 'g':
            candidate = startsWithAnyAt(text, i, {L("gsk_"), L("ghp_"), L("gho_"), L("ghu_"), L("ghs_"), L("ghr_"),
                                                  L("github_pat_")});
            break;
        case 'r': candidate = startsWithAt(text, i, L("r8_")); break;
        case 'x': candidate = startsWithAnyAt(text, i, {L("xai-"), L("xox")}); break;
        case 'p': candidate = startsWithAt(text, i, L("pplx-")); break;
        case 'l': candidate = startsWithAt(text, i, L("lsv2_")); break;
        case 'B':
        case 'b':
            candidate = text.size() - i >= 6 && text.sliced(i, 6).compare(L("bearer"), Qt::CaseInsensitive) == 0;
            break;
        default: break;
        }
        if (candidate)
            return i;
    }
    return -1;
}

QString SecretRedactor::mask(QStringView value)
{
    return value.size() > MAX_FULLY_HIDDEN_LENGTH ? MASK + value.last(MASK_TAIL) : MASK;
}

QString SecretRedactor::redactKeys(const QString &text)
{
    const qsizetype first = firstKeyCandidate(text);
    if (first < 0)
        return text;
    QString out;
    qsizetype copied = 0;
    QRegularExpressionMatchIterator it = keyRegex().globalMatch(text, first);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const qsizetype start = m.capturedStart(0);
        const qsizetype length = m.capturedLength(0);
        if (out.isNull())
            out.reserve(text.size());
        out += QStringView(text).sliced(copied, start - copied);
        out += mask(QStringView(text).sliced(start, length));
        copied = start + length;
    }
    if (out.isNull())
        return text;
    out += QStringView(text).sliced(copied);
    return out;
}

QString SecretRedactor::redact(const QString &text) const
{
    // Key shapes first: a resolved secret that is itself a key then goes whole as one mask.
    QString out = redactKeys(text);
    for (const Secret &secret : m_secrets)
        out.replace(secret.value, secret.masked);
    return out;
}

QString SecretRedactor::redact(const QString &text, const QStringList &secrets)
{
    return secrets.isEmpty() ? redactKeys(text) : SecretRedactor(secrets).redact(text);
}

QStringList SecretRedactor::redactLines(const QStringList &lines) const
{
    QStringList out;
    out.reserve(lines.size());
    for (const QString &line : lines)
        out.append(redact(line));
    return out;
}

QJsonValue SecretRedactor::redactJson(const QJsonValue &value) const
{
    switch (value.type()) {
    case QJsonValue::String: return redact(value.toString());
    case QJsonValue::Object: return redactJson(value.toObject());
    case QJsonValue::Array: return redactJson(value.toArray());
    default: return value;
    }
}

QJsonObject SecretRedactor::redactJson(const QJsonObject &object) const
{
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it)
        out.insert(redact(it.key()), redactJson(it.value()));
    return out;
}

QJsonArray SecretRedactor::redactJson(const QJsonArray &array) const
{
    QJsonArray out;
    for (const QJsonValue &v : array)
        out.append(redactJson(v));
    return out;
}
