// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigLoader.h"

#include "config/ConfigParser.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace {
ConfigLoadResult failure(const QString &fileName, int line, int column, const QString &message)
{
    ConfigLoadResult result;
    result.diagnostics.append(ConfigDiagnostic {fileName, line, column, message});
    return result;
}

QString tooLargeMessage(qint64 size)
{
    return u"the file is %1 bytes; liftoff.yaml files are limited to 1 MiB (%2 bytes)"_s.arg(size).arg(
        ConfigLoader::MAX_FILE_BYTES);
}

/** 1-based line of the first byte sequence that is not UTF-8, or 0 when all of it is. */
int firstNonUtf8Line(const QByteArray &bytes)
{
    int line = 1;
    qsizetype start = 0;
    while (start <= bytes.size()) {
        qsizetype end = bytes.indexOf('\n', start);
        if (end < 0)
            end = bytes.size();
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString decoded = decoder(bytes.sliced(start, end - start));
        Q_UNUSED(decoded)
        if (decoder.hasError())
            return line;
        start = end + 1;
        ++line;
    }
    return 0;
}
} // namespace

ConfigLoadResult ConfigLoader::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(path, 0, 0, u"cannot read the file: %1"_s.arg(file.errorString()));
    if (file.size() > MAX_FILE_BYTES)
        return failure(path, 0, 0, tooLargeMessage(file.size()));
    // Read one byte past the limit: files that don't report a size (pipes, devices) are bounded too.
    const QByteArray bytes = file.read(MAX_FILE_BYTES + 1);
    if (bytes.size() > MAX_FILE_BYTES)
        return failure(path, 0, 0, tooLargeMessage(qMax<qint64>(file.size(), bytes.size())));
    const QFileInfo info(path);
    ConfigLoadResult result = loadText(bytes, path, info.absolutePath());
    if (result.project)
        result.project->configPath = info.absoluteFilePath();
    return result;
}

ConfigLoadResult ConfigLoader::loadText(const QByteArray &yaml, const QString &fileName, const QString &baseDir)
{
    if (yaml.size() > MAX_FILE_BYTES)
        return failure(fileName, 0, 0, tooLargeMessage(yaml.size()));
    if (const int line = firstNonUtf8Line(yaml))
        return failure(fileName, line, 1, u"the file is not valid UTF-8; save it as UTF-8"_s);
    ConfigParser parser(fileName, baseDir);
    return parser.parse(yaml);
}
