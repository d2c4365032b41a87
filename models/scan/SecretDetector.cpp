// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/SecretDetector.h"

#include <QSet>

#include <algorithm>
#include <cstring>
#include <string_view>

using namespace Qt::StringLiterals;

namespace {

enum class CharClass { Alnum, UrlSafe, Word, UpperBase32, LowerHex, Hex, Letters, Base64, SlackToken };

constexpr bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr bool inClass(CharClass cls, char c)
{
    switch (cls) {
    case CharClass::Alnum: return isAlnum(c);
    case CharClass::UrlSafe: return isAlnum(c) || c == '-' || c == '_';
    case CharClass::Word: return isAlnum(c) || c == '_';
    case CharClass::UpperBase32: return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
    case CharClass::LowerHex: return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    case CharClass::Hex: return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    case CharClass::Letters: return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    case CharClass::Base64: return isAlnum(c) || c == '+' || c == '/';
    case CharClass::SlackToken: return isAlnum(c) || c == '-';
    }
    return false;
}

qsizetype runLength(const char *p, const char *end, CharClass cls)
{
    const char *q = p;
    while (q < end && inClass(cls, *q))
        ++q;
    return q - p;
}

/** Length n when exactly n class characters start at p and no letter or digit follows them; else 0. */
qsizetype exactRun(const char *p, const char *end, CharClass cls, qsizetype n)
{
    if (runLength(p, end, cls) != n)
        return 0;
    if (p + n < end && isAlnum(p[n]))
        return 0;
    return n;
}

bool startsWith(const char *p, const char *end, QByteArrayView prefix)
{
    return end - p >= prefix.size() && std::memcmp(p, prefix.data(), static_cast<size_t>(prefix.size())) == 0;
}

/** A key candidate before the entropy gate and allowlists. */
struct Candidate
{
    qsizetype length = 0;        ///< whole key, prefix included
    qsizetype prefixLength = 0;  ///< shown unredacted, excluded from the entropy gate
    const char *ruleId = nullptr;
    const char *provider = nullptr;
    double minEntropy = 3.0;
};

constexpr QByteArrayView OPENAI_MARKER = "T3BlbkFJ";

bool containsDeepSeekBefore(const char *textBegin, const char *keyBegin)
{
    const char *from = std::max(textBegin, keyBegin - 40);
    static constexpr char word[] = "deepseek";
    for (const char *p = from; p + 8 <= keyBegin; ++p) {
        bool same = true;
        for (int i = 0; i < 8 && same; ++i)
            same = (p[i] | 0x20) == word[i];
        if (same)
            return true;
    }
    return false;
}

/** Keys that start with "sk-": Anthropic, OpenAI (new and legacy), OpenRouter, DeepSeek. */
Candidate matchSk(const char *textBegin, const char *p, const char *end)
{
    const char *body = p + 3;
    Candidate c;
    auto fixed = [&](qsizetype prefix, const char *rule, const char *provider) {
        c.prefixLength = prefix;
        c.ruleId = rule;
        c.provider = provider;
    };
    for (const QByteArrayView antPrefix : {QByteArrayView("sk-ant-api03-"), QByteArrayView("sk-ant-admin01-")}) {
        if (!startsWith(p, end, antPrefix))
            continue;
        const char *b = p + antPrefix.size();
        if (exactRun(b, end, CharClass::UrlSafe, 95) && b[93] == 'A' && b[94] == 'A') {
            fixed(antPrefix.size(), antPrefix.size() == 13 ? "anthropic-api-key" : "anthropic-admin-key", "Anthropic");
            c.length = antPrefix.size() + 95;
        }
        return c;
    }
    for (const QByteArrayView openAiPrefix :
         {QByteArrayView("sk-proj-"), QByteArrayView("sk-svcacct-"), QByteArrayView("sk-admin-")}) {
        if (!startsWith(p, end, openAiPrefix))
            continue;
        const char *b = p + openAiPrefix.size();
        const qsizetype run = runLength(b, end, CharClass::UrlSafe);
        for (const qsizetype side : {58, 74}) {
            if (run == 2 * side + 8 && QByteArrayView(b + side, 8) == OPENAI_MARKER
                && !(b + run < end && isAlnum(b[run]))) {
                const char *rule = openAiPrefix.size() == 8 ? "openai-project-key"
                    : openAiPrefix.size() == 11             ? "openai-service-account-key"
                                                            : "openai-admin-key";
                fixed(openAiPrefix.size(), rule, "OpenAI");
                c.length = openAiPrefix.size() + run;
            }
        }
        return c;
    }
    if (startsWith(p, end, "sk-or-v1-")) {
        if (exactRun(p + 9, end, CharClass::LowerHex, 64)) {
            fixed(9, "openrouter-api-key", "OpenRouter");
            c.length = 9 + 64;
        }
        return c;
    }
    const qsizetype run = runLength(body, end, CharClass::Alnum);
    if (body + run < end && (body[run] == '-' || body[run] == '_'))
        return c; // part of a longer dashed token
    if (run == 48 && QByteArrayView(body + 20, 8) == OPENAI_MARKER) {
        fixed(3, "openai-legacy-key", "OpenAI");
        c.length = 3 + 48;
    } else if (run == 32 && std::all_of(body, body + 32, [](char ch) { return !(ch >= 'A' && ch <= 'Z'); })
               && containsDeepSeekBefore(textBegin, p)) {
        fixed(3, "deepseek-api-key", "DeepSeek");
        c.length = 3 + 32;
    }
    return c;
}

/** Tries every prefixed rule at p (p is at the start of a word). */
Candidate matchPrefixed(const char *textBegin, const char *p, const char *end)
{
    Candidate c;
    auto simple = [&](QByteArrayView prefix, CharClass cls, qsizetype n, const char *rule, const char *provider,
                      double minEntropy = 3.0) {
        if (!startsWith(p, end, prefix) || !exactRun(p + prefix.size(), end, cls, n))
            return false;
        c = Candidate {prefix.size() + n, prefix.size(), rule, provider, minEntropy};
        return true;
    };
    switch (*p) {
    case 's':
        if (startsWith(p, end, "sk-"))
            return matchSk(textBegin, p, end);
        break;
    case 'A':
        if (simple("AIza", CharClass::UrlSafe, 35, "google-api-key", "Google"))
            return c;
        for (const QByteArrayView aws : {QByteArrayView("AKIA"), QByteArrayView("ASIA"), QByteArrayView("ABIA"),
                                         QByteArrayView("ACCA")}) {
            if (simple(aws, CharClass::UpperBase32, 16, "aws-access-key-id", "AWS", 2.5))
                return c;
        }
        if (startsWith(p, end, "A3T") && end - p > 4 && (isAlnum(p[3]) && !(p[3] >= 'a' && p[3] <= 'z'))
            && exactRun(p + 4, end, CharClass::UpperBase32, 16)) {
            return Candidate {20, 4, "aws-access-key-id", "AWS", 2.5};
        }
        if (startsWith(p, end, "ABSK")) {
            const qsizetype run = runLength(p + 4, end, CharClass::Base64);
            qsizetype padded = run;
            while (padded < run + 2 && p + 4 + padded < end && p[4 + padded] == '=')
                ++padded;
            if (run >= 32 && !(p + 4 + padded < end && isAlnum(p[4 + padded])))
                return Candidate {4 + padded, 4, "aws-bedrock-api-key", "AWS", 3.5};
        }
        break;
    case 'h':
        if (simple("hf_", CharClass::Letters, 34, "huggingface-token", "Hugging Face"))
            return c;
        if (startsWith(p, end, "https://hooks.slack.com/services/T")) {
            const char *q = p + 33;
            const qsizetype team = runLength(q, end, CharClass::Alnum);
            q += team;
            if (team >= 8 && q + 2 < end && q[0] == '/' && q[1] == 'B') {
                const qsizetype bot = runLength(q + 1, end, CharClass::Alnum);
                q += 1 + bot;
                if (bot >= 8 && q + 1 < end && q[0] == '/') {
                    const qsizetype secret = runLength(q + 1, end, CharClass::Alnum);
                    if (secret >= 20)
                        return Candidate {(q + 1 + secret) - p, 33, "slack-webhook-url", "Slack", 3.0};
                }
            }
        }
        break;
    case 'a':
        if (simple("api_org_", CharClass::Letters, 34, "huggingface-org-token", "Hugging Face"))
            return c;
        break;
    case 'g':
        if (simple("gsk_", CharClass::Alnum, 52, "groq-api-key", "Groq"))
            return c;
        for (const QByteArrayView gh : {QByteArrayView("ghp_"), QByteArrayView("gho_"), QByteArrayView("ghu_"),
                                        QByteArrayView("ghs_"), QByteArrayView("ghr_")}) {
            if (simple(gh, CharClass::Alnum, 36, "github-token", "GitHub"))
                return c;
        }
        if (simple("github_pat_", CharClass::Word, 82, "github-fine-grained-token", "GitHub"))
            return c;
        break;
    case 'r':
        if (simple("r8_", CharClass::UrlSafe, 37, "replicate-api-token", "Replicate"))
            return c;
        break;
    case 'x':
        if (simple("xai-", CharClass::Word, 80, "xai-api-key", "xAI"))
            return c;
        for (const QByteArrayView slack : {QByteArrayView("xoxb-"), QByteArrayView("xoxp-")}) {
            if (!startsWith(p, end, slack))
                continue;
            const qsizetype run = runLength(p + 5, end, CharClass::SlackToken);
            const bool hasDigit = std::any_of(p + 5, p + 5 + run, [](char ch) { return ch >= '0' && ch <= '9'; });
            if (run >= 20 && hasDigit)
                return Candidate {5 + run, 5, slack.at(3) == 'b' ? "slack-bot-token" : "slack-user-token", "Slack", 3.0};
        }
        break;
    case 'p':
        if (simple("pplx-", CharClass::Alnum, 48, "perplexity-api-key", "Perplexity"))
            return c;
        break;
    case 'l':
        for (const QByteArrayView ls : {QByteArrayView("lsv2_pt_"), QByteArrayView("lsv2_sk_")}) {
            if (startsWith(p, end, ls) && runLength(p + 8, end, CharClass::Hex) == 32 && p + 40 < end && p[40] == '_'
                && exactRun(p + 41, end, CharClass::Hex, 10)) {
                return Candidate {51, 8, "langsmith-api-key", "LangSmith", 3.0};
            }
        }
        break;
    default:
        break;
    }
    return c;
}

constexpr bool isStartCharacter(char c)
{
    switch (c) {
    case 's': case 'A': case 'h': case 'a': case 'g': case 'r': case 'x': case 'p': case 'l':
        return true;
    default:
        return false;
    }
}

// Words of an assigned name that make the assignment a credential (generic rule).
const QSet<QByteArray> &credentialWords()
{
    static const QSet<QByteArray> words {"key", "apikey", "token", "secret", "password", "passwd", "pwd",
                                         "credential", "credentials", "auth", "authorization", "bearer",
                                         "accesskey", "secretkey", "privatekey", "apitoken", "accesstoken"};
    return words;
}

// A final word that says the value is not the credential itself (auth_url, token_path, key_id...).
const QSet<QByteArray> &nonSecretLastWords()
{
    static const QSet<QByteArray> words {"url", "uri", "endpoint", "host", "path", "file", "dir", "name", "id",
                                         "type", "header", "mode", "method", "provider", "scheme", "version",
                                         "length", "size", "count", "limit", "env", "var", "field", "prefix",
                                         "format", "tokens", "kind", "ref", "source", "store", "location"};
    return words;
}

/** Splits an identifier like OPENAI_API_KEY, apiKey or x-api-key into lowercase words. */
QList<QByteArray> nameWords(QByteArrayView name)
{
    QList<QByteArray> words;
    QByteArray current;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool upper = c >= 'A' && c <= 'Z';
        const bool prevLower = i > 0 && name[i - 1] >= 'a' && name[i - 1] <= 'z';
        if (!isAlnum(c) || (upper && prevLower)) {
            if (!current.isEmpty())
                words.append(current);
            current.clear();
            if (!isAlnum(c))
                continue;
        }
        current.append(upper ? static_cast<char>(c | 0x20) : c);
    }
    if (!current.isEmpty())
        words.append(current);
    return words;
}

bool isNameCharacter(char c)
{
    return isAlnum(c) || c == '_' || c == '.' || c == '-';
}

bool looksLikeReference(QByteArrayView value)
{
    static const QByteArrayView prefixes[] = {"$", "%", "<", "{{", "env:", "keychain:", "process.env", "os.environ",
                                              "os.getenv", "getenv", "http://", "https://", "file:", "/", "./"};
    for (const QByteArrayView prefix : prefixes) {
        if (value.startsWith(prefix))
            return true;
    }
    return false;
}

bool isDottedIdentifier(QByteArrayView value)
{
    if (!value.contains('.'))
        return false;
    return std::all_of(value.begin(), value.end(), [](char c) { return isAlnum(c) || c == '_' || c == '.'; })
        && !(value[0] >= '0' && value[0] <= '9');
}

constexpr QByteArrayView ASSIGNMENT_KEYWORDS[] = {"key", "token", "secret", "passw", "pwd", "credential", "auth",
                                                   "bearer", "cohere", "mistral"};

} // namespace

SecretDetector::SecretDetector(const QStringList &allowedFingerprints, int maxLineBytes)
    : m_maxLineBytes(std::max(64, maxLineBytes))
{
    for (const QString &fingerprint : allowedFingerprints) {
        const QString normalised = fingerprint.trimmed().toLower();
        if (normalised.size() >= 16)
            m_allowedFingerprints.append(normalised);
    }
}

QStringList SecretDetector::ruleIds()
{
    return {u"anthropic-api-key"_s, u"anthropic-admin-key"_s, u"openai-project-key"_s,
            u"openai-service-account-key"_s, u"openai-admin-key"_s, u"openai-legacy-key"_s,
            u"openrouter-api-key"_s, u"deepseek-api-key"_s, u"google-api-key"_s, u"aws-access-key-id"_s,
            u"aws-bedrock-api-key"_s, u"huggingface-token"_s, u"huggingface-org-token"_s, u"groq-api-key"_s,
            u"replicate-api-token"_s, u"xai-api-key"_s, u"perplexity-api-key"_s, u"langsmith-api-key"_s,
            u"azure-openai-key"_s, u"cohere-api-key"_s, u"mistral-api-key"_s, u"slack-webhook-url"_s,
            u"slack-bot-token"_s, u"slack-user-token"_s, u"github-token"_s, u"github-fine-grained-token"_s,
            u"generic-credential"_s};
}

bool SecretDetector::isPlaceholder(QByteArrayView key, QByteArrayView body)
{
    if (key.contains("...") || key.contains("\xE2\x80\xA6"))
        return true;
    if (!body.isEmpty() && std::all_of(body.begin(), body.end(), [&](char c) { return c == body[0]; }))
        return true;
    const QByteArray upper = key.toByteArray().toUpper();
    static const QByteArrayView words[] = {"YOUR_", "YOUR-", "YOURKEY", "YOURAPI", "YOURTOKEN", "KEY_HERE", "KEYHERE",
                                           "KEY-HERE", "REPLACE", "CHANGEME", "CHANGE_ME", "PLACEHOLDER", "EXAMPLE",
                                           "XXXXXXXX", "REDACTED", "INSERT_", "0123456789", "ABCDEFGHIJ"};
    for (const QByteArrayView word : words) {
        if (upper.contains(word))
            return true;
    }
    return false;
}

bool SecretDetector::isAllowedFingerprint(const QString &fingerprint) const
{
    for (const QString &allowed : m_allowedFingerprints) {
        if (fingerprint.startsWith(allowed))
            return true;
    }
    return false;
}

QList<SecretFinding> SecretDetector::scan(QByteArrayView text, const QString &origin) const
{
    QList<SecretFinding> findings;
    QSet<QString> seenOnLine; // "line:fingerprint"
    struct Span
    {
        qsizetype begin;
        qsizetype end;
    };
    QList<Span> prefixedSpans;

    auto report = [&](qsizetype begin, const Candidate &c, int line) {
        const QByteArrayView key = text.sliced(begin, c.length);
        const QByteArrayView body = key.sliced(c.prefixLength);
        if (TextScan::shannonEntropy(body) < c.minEntropy || isPlaceholder(key, body))
            return;
        const QString fingerprint = TextScan::fingerprint(key);
        if (isAllowedFingerprint(fingerprint))
            return;
        const QString dedupeKey = QString::number(line) + u':' + fingerprint;
        if (seenOnLine.contains(dedupeKey))
            return;
        seenOnLine.insert(dedupeKey);
        SecretFinding finding;
        finding.file = origin;
        finding.line = line;
        finding.ruleId = QString::fromLatin1(c.ruleId);
        finding.provider = QString::fromUtf8(c.provider);
        finding.redacted = TextScan::redact(key, c.prefixLength);
        finding.fingerprint = fingerprint;
        findings.append(finding);
    };

    // Pass 1: prefixed keys. One walk over the bytes; a key can only start where a word starts.
    const char *const begin = text.data();
    const char *const end = begin + text.size();
    const char *p = begin;
    const char *lineStart = begin;
    int line = 1;
    bool previousIsWordCharacter = false;
    while (p < end) {
        const char ch = *p;
        if (ch == '\n') {
            ++line;
            lineStart = ++p;
            previousIsWordCharacter = false;
            continue;
        }
        if (p - lineStart >= m_maxLineBytes) {
            // Past the scanned head of an over-long line: jump to the next line.
            const void *newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
            if (!newline)
                break;
            p = static_cast<const char *>(newline);
            continue;
        }
        if (!previousIsWordCharacter && isStartCharacter(ch)) {
            const Candidate c = matchPrefixed(begin, p, end);
            if (c.length > 0) {
                report(p - begin, c, line);
                prefixedSpans.append({p - begin, p - begin + c.length});
                p += c.length;
                previousIsWordCharacter = true;
                continue;
            }
        }
        previousIsWordCharacter = isAlnum(ch);
        ++p;
    }

    // Pass 2: keys without a prefix, found through the name they are assigned to.
    QByteArray lower(text.size(), Qt::Uninitialized);
    std::transform(text.begin(), text.end(), lower.begin(),
                   [](char ch) { return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch | 0x20) : ch; });
    const std::string_view lowerView(lower.constData(), static_cast<size_t>(lower.size()));
    const bool azureHost = lowerView.find(".openai.azure.com") != std::string_view::npos;
    QSet<qsizetype> evaluatedNames;
    int cachedLine = 1;
    qsizetype cachedOffset = 0;
    for (const QByteArrayView keyword : ASSIGNMENT_KEYWORDS) {
        const std::string_view needle(keyword.data(), static_cast<size_t>(keyword.size()));
        for (size_t found = lowerView.find(needle); found != std::string_view::npos;
             found = lowerView.find(needle, found + needle.size())) {
            const auto hit = static_cast<qsizetype>(found);
            qsizetype nameBegin = hit;
            while (nameBegin > 0 && isNameCharacter(begin[nameBegin - 1]))
                --nameBegin;
            if (evaluatedNames.contains(nameBegin))
                continue;
            evaluatedNames.insert(nameBegin);
            qsizetype nameEnd = hit + keyword.size();
            while (nameEnd < text.size() && isNameCharacter(begin[nameEnd]))
                ++nameEnd;
            qsizetype thisLineStart = nameBegin;
            while (thisLineStart > 0 && begin[thisLineStart - 1] != '\n')
                --thisLineStart;
            if (nameBegin - thisLineStart >= m_maxLineBytes)
                continue;
            const void *nextNewline = std::memchr(begin + nameEnd, '\n', static_cast<size_t>(text.size() - nameEnd));
            const qsizetype lineEnd = std::min(nextNewline ? static_cast<const char *>(nextNewline) - begin : text.size(),
                                               thisLineStart + m_maxLineBytes);
            // name, optional closing quote, operator, value
            qsizetype q = nameEnd;
            if (q < lineEnd && (begin[q] == '"' || begin[q] == '\''))
                ++q;
            while (q < lineEnd && (begin[q] == ' ' || begin[q] == '\t'))
                ++q;
            if (q >= lineEnd)
                continue;
            if (begin[q] == '=' && q + 1 < lineEnd && begin[q + 1] == '>')
                q += 2;
            else if (begin[q] == ':' && q + 1 < lineEnd && begin[q + 1] == '=')
                q += 2;
            else if ((begin[q] == '=' && !(q + 1 < lineEnd && begin[q + 1] == '=')) || begin[q] == ':')
                q += 1;
            else
                continue;
            while (q < lineEnd && (begin[q] == ' ' || begin[q] == '\t'))
                ++q;
            if (q >= lineEnd)
                continue;
            qsizetype valueBegin = q;
            qsizetype valueEnd = q;
            bool quoted = false;
            const char quote = begin[q];
            if (quote == '"' || quote == '\'' || quote == '`') {
                quoted = true;
                valueBegin = q + 1;
                const void *closing =
                    std::memchr(begin + valueBegin, quote, static_cast<size_t>(std::max<qsizetype>(0, lineEnd - valueBegin)));
                if (!closing)
                    continue;
                valueEnd = static_cast<const char *>(closing) - begin;
            } else {
                while (valueEnd < lineEnd && !std::strchr(" \t\r,;)#", begin[valueEnd]))
                    ++valueEnd;
                // Unquoted values count only in KEY=value / key: value lines (.env, YAML, TOML).
                QByteArrayView before = text.sliced(thisLineStart, nameBegin - thisLineStart).trimmed();
                if (before.startsWith("export"))
                    before = before.sliced(6).trimmed();
                if (before == "-")
                    before = {};
                qsizetype after = valueEnd;
                while (after < lineEnd && (begin[after] == ' ' || begin[after] == '\t' || begin[after] == '\r'))
                    ++after;
                if (!before.isEmpty() || (after < lineEnd && begin[after] != '#'))
                    continue;
            }
            const QByteArrayView value = text.sliced(valueBegin, valueEnd - valueBegin);
            if (value.size() < 10 || value.contains(' ') || value.contains('\t'))
                continue;
            const bool overlapsPrefixed = std::any_of(prefixedSpans.cbegin(), prefixedSpans.cend(), [&](const Span &s) {
                return s.begin < valueEnd && valueBegin < s.end;
            });
            if (overlapsPrefixed)
                continue;
            const QByteArray lowerName = lower.sliced(nameBegin, nameEnd - nameBegin);
            const bool allAlnum = std::all_of(value.begin(), value.end(), isAlnum);
            Candidate c;
            if ((lowerName.contains("cohere") || lowerName.contains("co_api_key")) && allAlnum && value.size() == 40) {
                c = Candidate {40, 0, "cohere-api-key", "Cohere", 3.5};
            } else if (lowerName.contains("mistral") && allAlnum && value.size() == 32) {
                c = Candidate {32, 0, "mistral-api-key", "Mistral", 3.5};
            } else if (azureHost && (lowerName.contains("api_key") || lowerName.contains("openai_key")
                                     || lowerName.contains("api-key") || lowerName.contains("apikey"))
                       && value.size() == 32
                       && std::all_of(value.begin(), value.end(), [](char ch) { return inClass(CharClass::LowerHex, ch); })) {
                c = Candidate {32, 0, "azure-openai-key", "Azure OpenAI", 3.0};
            } else {
                const QList<QByteArray> words = nameWords(text.sliced(nameBegin, nameEnd - nameBegin));
                if (words.isEmpty() || nonSecretLastWords().contains(words.constLast()))
                    continue;
                const bool credentialName = std::any_of(words.cbegin(), words.cend(), [](const QByteArray &w) {
                    return credentialWords().contains(w);
                });
                const bool digitOrSymbol = !std::all_of(value.begin(), value.end(), [](char ch) {
                    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
                });
                // Cheap checks first; the entropy gate runs in report().
                if (!credentialName || !digitOrSymbol || looksLikeReference(value)
                    || (!quoted && (isDottedIdentifier(value) || value.contains('(') || value.contains('[')
                                    || value.contains('{'))))
                    continue;
                c = Candidate {value.size(), 0, "generic-credential", "generic", 3.5};
            }
            if (thisLineStart >= cachedOffset) {
                cachedLine = TextScan::lineAt(text, thisLineStart, cachedOffset, cachedLine);
                cachedOffset = thisLineStart;
                report(valueBegin, c, cachedLine);
            } else {
                report(valueBegin, c, TextScan::lineAt(text, thisLineStart));
            }
        }
    }
    std::stable_sort(findings.begin(), findings.end(), [](const SecretFinding &a, const SecretFinding &b) {
        return a.line < b.line;
    });
    return findings;
}
