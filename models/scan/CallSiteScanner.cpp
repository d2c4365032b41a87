// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/CallSiteScanner.h"

#include "scan/SourceMasker.h"
#include "scan/TextScan.h"
#include "scan/WorkingTreeFiles.h"

#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_ARGUMENT_BYTES = 64 * 1024;

struct CallPattern
{
    QRegularExpression pattern;
    QString sdk;
};

const QList<CallPattern> &callPatterns()
{
    static const QList<CallPattern> patterns {
        {QRegularExpression(uR"(\.(chat\.completions\.(?:create|parse|stream))\s*\()"_s), u"openai"_s},
        {QRegularExpression(uR"(\.(responses\.(?:create|parse|stream))\s*\()"_s), u"openai"_s},
        {QRegularExpression(uR"(\.(messages\.(?:create|stream))\s*\()"_s), u"anthropic"_s},
        {QRegularExpression(uR"(\b(litellm\.a?completion)\s*\()"_s), u"litellm"_s},
        {QRegularExpression(
             uR"(\b((?:Azure)?ChatOpenAI|ChatAnthropic(?:Vertex)?|ChatGoogleGenerativeAI|ChatVertexAI|ChatMistralAI|ChatGroq|ChatDeepSeek|ChatBedrock(?:Converse)?|ChatCohere|ChatXAI|ChatFireworks|ChatTogether|ChatOllama|ChatLiteLLM|init_chat_model)\s*\()"_s),
         u"langchain"_s},
        {QRegularExpression(uR"(\b(generateText|streamText|generateObject|streamObject)\s*\()"_s), u"ai-sdk"_s},
    };
    return patterns;
}

const QRegularExpression &bareLiteLlmCall()
{
    static const QRegularExpression pattern(uR"((?<![\w.])(a?completion)\s*\()"_s);
    return pattern;
}

const QString MAX_TOKENS_NAMES = u"max_tokens|max_output_tokens|max_completion_tokens|max_tokens_to_sample|maxTokens|maxOutputTokens|maxCompletionTokens"_s;

/** A keyword argument or property written as code: max_tokens=..., max_tokens: ..., { max_tokens }. */
QRegularExpression bareArgument(const QString &names)
{
    return QRegularExpression(u"(?<![\\w])(?:"_s + names + u")\\s*[=:,})]"_s);
}

/** A quoted key whose whole literal is the name: {"max_tokens": 5} or dict(**{'temperature': 0}). */
QRegularExpression quotedKey(const QString &names)
{
    return QRegularExpression(u"[\"'](?:"_s + names + u")[\"']\\s*[:,\\]]"_s);
}

bool hasArgument(const QRegularExpression &bare, const QRegularExpression &quoted, const QString &structureArgs,
                 const QString &codeArgs)
{
    return bare.match(structureArgs).hasMatch() || quoted.match(codeArgs).hasMatch();
}

const QRegularExpression &spreadArgument()
{
    static const QRegularExpression pattern(uR"((\*\*|\.\.\.)\s*[A-Za-z_$])"_s);
    return pattern;
}

/** Offset just past the parenthesis that closes the one at open, or the capped end. */
qsizetype closingParenthesis(const QByteArray &structure, qsizetype open)
{
    int depth = 0;
    const qsizetype limit = std::min(structure.size(), open + MAX_ARGUMENT_BYTES);
    for (qsizetype i = open; i < limit; ++i) {
        if (structure[i] == '(')
            ++depth;
        else if (structure[i] == ')' && --depth == 0)
            return i + 1;
    }
    return limit;
}

bool isDefinition(const QString &structure, qsizetype callStart)
{
    const QString before = structure.mid(std::max<qsizetype>(0, callStart - 12), std::min<qsizetype>(12, callStart));
    static const QRegularExpression definition(uR"((\bdef|\bfunction|\bclass|\basync def)\s+$)"_s);
    return definition.match(before).hasMatch();
}
} // namespace

QList<CallSite> CallSiteReport::lackingLimits() const
{
    QList<CallSite> out;
    for (const CallSite &site : callSites) {
        if (site.lacksLimits())
            out.append(site);
    }
    return out;
}

QString CallSiteReport::summary() const
{
    const QList<CallSite> lacking = lackingLimits();
    const auto noMax = std::count_if(lacking.cbegin(), lacking.cend(), [](const CallSite &s) { return !s.hasMaxTokens; });
    const auto noTemperature =
        std::count_if(lacking.cbegin(), lacking.cend(), [](const CallSite &s) { return !s.hasTemperature; });
    return u"%1 LLM call site(s) in %2 files: %3 without max_tokens, %4 without temperature"_s.arg(callSites.size())
        .arg(filesScanned)
        .arg(noMax)
        .arg(noTemperature);
}

bool CallSiteScanner::isSourceFile(const QString &relativePath)
{
    if (relativePath.startsWith(u"node_modules/"_s) || relativePath.contains(u"/node_modules/"_s))
        return false;
    static const QStringList suffixes {u".py"_s, u".js"_s, u".mjs"_s, u".cjs"_s, u".jsx"_s,
                                       u".ts"_s, u".tsx"_s, u".mts"_s, u".cts"_s};
    return std::any_of(suffixes.cbegin(), suffixes.cend(),
                       [&](const QString &suffix) { return relativePath.endsWith(suffix); });
}

QList<CallSite> CallSiteScanner::scanText(QByteArrayView text, const QString &file)
{
    const SourceLanguage language = file.endsWith(u".py"_s) ? SourceLanguage::Python : SourceLanguage::JavaScript;
    const SourceMasker::Masked masked = SourceMasker::mask(text, language);
    // Latin-1 keeps one QChar per byte, so offsets stay the same in both copies.
    const QString structure = QString::fromLatin1(masked.withoutCommentsAndStrings);
    const QString code = QString::fromLatin1(masked.withoutComments);
    const bool importsLiteLlm = structure.contains(u"import litellm"_s) || structure.contains(u"from litellm"_s);

    struct Hit
    {
        qsizetype nameStart;
        qsizetype open;
        QString call;
        QString sdk;
    };
    QList<Hit> hits;
    for (const CallPattern &p : callPatterns()) {
        for (auto it = p.pattern.globalMatch(structure); it.hasNext();) {
            const auto m = it.next();
            hits.append({m.capturedStart(1), m.capturedEnd(0) - 1, m.captured(1), p.sdk});
        }
    }
    if (importsLiteLlm) {
        for (auto it = bareLiteLlmCall().globalMatch(structure); it.hasNext();) {
            const auto m = it.next();
            hits.append({m.capturedStart(1), m.capturedEnd(0) - 1, m.captured(1), u"litellm"_s});
        }
    }
    std::sort(hits.begin(), hits.end(), [](const Hit &a, const Hit &b) { return a.nameStart < b.nameStart; });

    static const QRegularExpression bareMax = bareArgument(MAX_TOKENS_NAMES);
    static const QRegularExpression quotedMax = quotedKey(MAX_TOKENS_NAMES);
    static const QRegularExpression bareTemperature = bareArgument(u"temperature"_s);
    static const QRegularExpression quotedTemperature = quotedKey(u"temperature"_s);
    QList<CallSite> sites;
    for (const Hit &hit : hits) {
        if (isDefinition(structure, hit.nameStart))
            continue;
        const qsizetype close = closingParenthesis(masked.withoutCommentsAndStrings, hit.open);
        const QString arguments = code.mid(hit.open, close - hit.open);
        CallSite site;
        site.file = file;
        site.line = TextScan::lineAt(text, hit.nameStart);
        site.sdk = hit.sdk;
        site.call = hit.call;
        const QString structureArguments = structure.mid(hit.open, close - hit.open);
        site.hasMaxTokens = hasArgument(bareMax, quotedMax, structureArguments, arguments);
        site.hasTemperature = hasArgument(bareTemperature, quotedTemperature, structureArguments, arguments);
        site.spreadsArguments = spreadArgument().match(structureArguments).hasMatch();
        sites.append(site);
    }
    return sites;
}

CallSiteReport CallSiteScanner::scanTree(const QString &folder, const std::atomic<bool> *cancel)
{
    CallSiteReport report;
    const WorkingTreeFiles listing = WorkingTreeFiles::list(folder);
    for (const QString &path : listing.files) {
        if (cancel && cancel->load())
            break;
        if (!isSourceFile(path))
            continue;
        QFile file(listing.root + u'/' + path);
        if (!file.open(QIODevice::ReadOnly) || file.size() > TextScan::DEFAULT_MAX_FILE_BYTES)
            continue;
        const QByteArray content = file.readAll();
        if (TextScan::looksBinary(content))
            continue;
        ++report.filesScanned;
        report.callSites += scanText(content, path);
    }
    return report;
}
