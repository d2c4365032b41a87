// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ModelIdFinder.h"

#include "scan/ModelIdClassifier.h"
#include "scan/TextScan.h"
#include "scan/WorkingTreeFiles.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {
bool isTokenCharacter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == ':' || c == '/' || c == '@' || c == '~' || c == '-';
}
} // namespace

ModelIdFinder::FileKind ModelIdFinder::kindOf(const QString &relativePath)
{
    static const QSet<QString> code {u"py"_s, u"js"_s, u"ts"_s, u"tsx"_s, u"jsx"_s, u"mjs"_s, u"cjs"_s,
                                     u"go"_s, u"rb"_s, u"java"_s};
    static const QSet<QString> config {u"yaml"_s, u"yml"_s, u"json"_s, u"toml"_s, u"env"_s};
    static const QSet<QString> lockFiles {u"package-lock.json"_s, u"pnpm-lock.yaml"_s, u"yarn.lock"_s,
                                          u"poetry.lock"_s, u"composer.lock"_s};
    if (relativePath.startsWith(u"node_modules/"_s) || relativePath.contains(u"/node_modules/"_s))
        return FileKind::NotScanned;
    const QString name = relativePath.section(u'/', -1);
    if (lockFiles.contains(name))
        return FileKind::NotScanned;
    if (name == u".env"_s || name.startsWith(u".env."_s))
        return FileKind::Config;
    const QString suffix = name.section(u'.', -1).toLower();
    if (!name.contains(u'.'))
        return FileKind::NotScanned;
    if (code.contains(suffix))
        return FileKind::Code;
    if (config.contains(suffix))
        return FileKind::Config;
    return FileKind::NotScanned;
}

bool ModelIdFinder::looksLikeModelId(const QString &candidate)
{
    static const QRegularExpression shape(
        uR"(^(?:~?[a-z0-9_.-]+/)*(?:(?:us|eu|apac|global)\.)?(?:anthropic\.|mistral\.)?)"
        uR"((?:gpt-[0-9a-z.-]+|chatgpt-[0-9a-z.-]+|o[1-9](?:-[a-z0-9-]+)?|codex-[a-z0-9-]+|claude(?:-[a-z0-9.]+)+)"
        uR"(|gemini-[a-z0-9.-]+|deepseek-[a-z0-9.-]+)"
        uR"(|(?:open-)?(?:mistral|mixtral|codestral|ministral|pixtral|magistral|devstral)-[a-z0-9.-]+)"
        uR"(|ft:[a-z0-9.:_-]+)(?:@[a-z0-9]+)?(?:-v\d+(?::\d+)?)?$)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return candidate.size() <= 120 && shape.match(candidate).hasMatch();
}

QList<ModelIdOccurrence> ModelIdFinder::findInText(QByteArrayView text, const QString &file, FileKind kind)
{
    QList<ModelIdOccurrence> found;
    int lineNumber = 0;
    qsizetype lineStart = 0;
    while (lineStart <= text.size()) {
        qsizetype lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        ++lineNumber;
        const QByteArrayView line =
            text.sliced(lineStart, std::min<qsizetype>(lineEnd - lineStart, TextScan::DEFAULT_MAX_LINE_BYTES));
        QList<QByteArrayView> candidates;
        if (kind == FileKind::Code) {
            // The whole content of a short string literal on this line.
            for (qsizetype i = 0; i < line.size(); ++i) {
                const char quote = line[i];
                if (quote != '"' && quote != '\'' && quote != '`')
                    continue;
                const qsizetype close = line.indexOf(quote, i + 1);
                if (close < 0)
                    break;
                candidates.append(line.sliced(i + 1, close - i - 1));
                i = close;
            }
        } else {
            for (qsizetype i = 0; i < line.size();) {
                if (!isTokenCharacter(line[i])) {
                    ++i;
                    continue;
                }
                qsizetype j = i;
                while (j < line.size() && isTokenCharacter(line[j]))
                    ++j;
                candidates.append(line.sliced(i, j - i));
                i = j;
            }
        }
        for (const QByteArrayView candidate : candidates) {
            const QString id = QString::fromUtf8(candidate).trimmed();
            if (!looksLikeModelId(id))
                continue;
            found.append(ModelIdOccurrence {file, lineNumber, ModelIdClassifier::classify(id)});
        }
        lineStart = lineEnd + 1;
    }
    return found;
}

QList<ModelIdOccurrence> ModelIdFinder::findInTree(const QString &folder, const std::atomic<bool> *cancel)
{
    QList<ModelIdOccurrence> found;
    const WorkingTreeFiles listing = WorkingTreeFiles::list(folder);
    for (const QString &path : listing.files) {
        if (cancel && cancel->load())
            break;
        const FileKind kind = kindOf(path);
        if (kind == FileKind::NotScanned)
            continue;
        QFile file(listing.root + u'/' + path);
        if (!file.open(QIODevice::ReadOnly) || file.size() > TextScan::DEFAULT_MAX_FILE_BYTES)
            continue;
        const QByteArray content = file.readAll();
        if (!TextScan::looksBinary(content))
            found += findInText(content, path, kind);
    }
    return found;
}
