// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CallLogReader.h"

#include "sources/CallRecordParser.h"

#include <QFile>
#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr std::size_t PAD = CallRecordParser::PADDING;
constexpr qint64 HEAD_BYTES = 1024 * 1024;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/** How a log is laid out: its format and whether it is one JSON document or JSON lines. */
struct Layout
{
    CallLogFormat format = CallLogFormat::Jsonl;
    bool document = false;
};

Layout detectLayout(std::string_view head, CallLogFormat requested)
{
    Layout layout;
    std::size_t i = 0;
    while (i < head.size() && isSpace(head[i]))
        ++i;
    if (i < head.size()) {
        if (head[i] == '[') {
            layout.document = true;
        } else if (head[i] == '{') {
            const std::size_t nl = head.find('\n', i);
            std::string_view line = head.substr(i, nl == std::string_view::npos ? head.size() - i : nl - i);
            while (!line.empty() && isSpace(line.back()))
                line.remove_suffix(1);
            // A pretty-printed document opens a container at the end of its first line ("{",
            // "{\"data\": ["); a JSON line, even a truncated one, does not.
            if (nl != std::string_view::npos && (line.back() == '{' || line.back() == '['))
                layout.document = true;
        }
    }
    if (requested != CallLogFormat::Auto) {
        layout.format = requested;
    } else if (layout.document) {
        layout.format = CallLogFormatText::detect(head.substr(0, 64 * 1024));
    } else {
        const std::size_t nl = head.find('\n', i);
        layout.format = CallLogFormatText::detect(head.substr(i, nl == std::string_view::npos ? head.size() - i : nl - i));
    }
    return layout;
}

/** The state of one thread reading one byte range of line-oriented log. */
struct Part
{
    Part(CallLogFormat format, const JsonlFieldMapping &mapping, const PriceTable *prices, CallSink *s, qint64 maxLine,
         qint64 windowBytes)
        : parser(CallRecordParser::create(format, mapping, prices)), sink(s), maxLineBytes(maxLine), window(std::max(windowBytes, maxLine * 2))
    {
    }

    std::unique_ptr<CallRecordParser> parser;
    CallSink *sink;
    qint64 maxLineBytes;
    qint64 window;          ///< bytes handled per mapping; twice the longest line, so a line always fits
    qint64 lines = 0;       ///< lines finished so far, relative to the start of the range
    bool skipping = false;  ///< inside a line already reported as too long
    qint64 records = 0;
    qint64 calls = 0;
    qint64 malformed = 0;
    QList<CallLogReadResult::Malformed> firstMalformed;
    std::string scratch;
    QString error;

    void noteMalformed(qint64 line, const QString &reason)
    {
        ++malformed;
        if (firstMalformed.size() < CallLogReadResult::MAX_REPORTED_MALFORMED)
            firstMalformed.append({line, reason});
    }

    // One complete line; @p readable bytes starting at @p start may be read.
    void handleLine(const char *start, std::size_t length, std::size_t readable)
    {
        std::size_t first = 0;
        while (first < length && isSpace(start[first]))
            ++first;
        if (first == length)
            return; // blank lines are not records
        ++records;
        if (qint64(length) > maxLineBytes) {
            noteMalformed(lines, u"line longer than %1 bytes"_s.arg(maxLineBytes));
            return;
        }
        while (length > first && isSpace(start[length - 1]))
            --length;
        const char *reason = nullptr;
        qint64 n;
        if (readable >= length + PAD) {
            n = parser->parseLine(start, length, readable, *sink, &reason);
        } else {
            // Too close to the end of the mapped bytes for simdjson's padding: parse a copy.
            scratch.resize(length + PAD);
            std::memcpy(scratch.data(), start, length);
            std::memset(scratch.data() + length, ' ', PAD);
            n = parser->parseLine(scratch.data(), length, scratch.size(), *sink, &reason);
        }
        if (n < 0)
            noteMalformed(lines, QString::fromLatin1(reason));
        else
            calls += n;
    }

    /**
     * Handles the lines of [p, p + n); @p readable >= n bytes may be read from p. Returns the
     * bytes used: all of them when @p atEnd, else up to the start of the unfinished last line.
     */
    std::size_t processWindow(const char *p, std::size_t n, std::size_t readable, bool atEnd)
    {
        std::size_t pos = 0;
        if (skipping) {
            const char *nl = static_cast<const char *>(std::memchr(p, '\n', n));
            if (!nl) {
                if (atEnd)
                    skipping = false;
                return n;
            }
            pos = std::size_t(nl - p) + 1;
            skipping = false;
        }
        while (pos < n) {
            const char *start = p + pos;
            const char *nl = static_cast<const char *>(std::memchr(start, '\n', n - pos));
            std::size_t length = nl ? std::size_t(nl - start) : n - pos;
            if (!nl && !atEnd) {
                if (qint64(length) <= maxLineBytes)
                    return pos; // finish it in the next window
                ++lines;
                ++records;
                noteMalformed(lines, u"line longer than %1 bytes"_s.arg(maxLineBytes));
                skipping = true;
                return n;
            }
            ++lines;
            handleLine(start, length, readable - pos);
            pos += length + 1;
        }
        return std::min(pos, n);
    }
};

QList<CallLogReadResult::Malformed> mergeMalformed(const std::vector<std::unique_ptr<Part>> &parts)
{
    QList<CallLogReadResult::Malformed> all;
    qint64 offset = 0;
    for (const auto &part : parts) {
        for (CallLogReadResult::Malformed m : part->firstMalformed) {
            if (all.size() < CallLogReadResult::MAX_REPORTED_MALFORMED) {
                m.line += offset;
                all.append(m);
            }
        }
        offset += part->lines;
    }
    return all;
}

void readRangeMapped(const QString &path, qint64 begin, qint64 end, Part &part)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        part.error = file.errorString();
        return;
    }
    const qint64 fileSize = file.size();
    const qint64 window = part.window;
    qint64 pos = begin;
    while (pos < end) {
        const qint64 n = std::min(window, end - pos);
        const qint64 mapped = std::min(n + qint64(PAD), fileSize - pos);
        uchar *memory = file.map(pos, mapped);
        if (!memory) {
            part.error = file.errorString();
            return;
        }
        const bool atEnd = pos + n == end;
        const std::size_t used = part.processWindow(reinterpret_cast<const char *>(memory), std::size_t(n),
                                                    std::size_t(mapped), atEnd);
        file.unmap(memory);
        pos += qint64(used);
    }
}

// For pipes and other devices that cannot be mapped: the same windows, filled by read().
void readSequential(QIODevice &device, QByteArray head, Part &part)
{
    const qint64 window = part.window;
    std::string buffer(std::size_t(window) + PAD, ' ');
    std::size_t have = std::size_t(head.size());
    std::memcpy(buffer.data(), head.constData(), have);
    head.clear();
    bool eof = false;
    while (!eof || have > 0) {
        while (!eof && have < std::size_t(window)) {
            const qint64 got = device.read(buffer.data() + have, window - qint64(have));
            if (got <= 0)
                eof = true;
            else
                have += std::size_t(got);
        }
        const std::size_t used = part.processWindow(buffer.data(), have, buffer.size(), eof);
        std::memmove(buffer.data(), buffer.data() + used, have - used);
        have -= used;
        if (eof)
            break;
    }
}

// Byte offsets where the ranges start: just after a newline near each 1/parts of the file.
QList<qint64> splitPoints(QFile &file, qint64 size, int parts)
{
    QList<qint64> points {0};
    for (int i = 1; i < parts; ++i) {
        qint64 pos = std::max(points.last(), size * i / parts);
        bool found = false;
        while (pos < size && !found && file.seek(pos)) {
            const QByteArray chunk = file.read(64 * 1024);
            if (chunk.isEmpty())
                break;
            const qsizetype nl = chunk.indexOf('\n');
            if (nl >= 0) {
                pos += nl + 1;
                found = true;
            } else {
                pos += chunk.size();
            }
        }
        points.append(found ? pos : size);
    }
    points.append(size);
    return points;
}

// @p json holds the document followed by PAD readable bytes.
CallLogReadResult documentResult(CallLogFormat format, const JsonlFieldMapping &mapping, const PriceTable *prices,
                                 const QByteArray &json, CallSink &sink)
{
    CallLogReadResult result;
    result.format = format;
    result.document = true;
    const auto parser = CallRecordParser::create(format, mapping, prices);
    CallRecordParser::DocumentOutcome outcome;
    const std::size_t length = std::size_t(json.size()) - PAD;
    result.calls = parser->parseDocument(json.constData(), length, std::size_t(json.size()), sink, outcome);
    result.records = outcome.records;
    result.malformed = outcome.malformed;
    const std::string &fatal = outcome.fatalError;
    for (const auto &[index, reason] : outcome.malformedAt)
        result.firstMalformed.append({index, QString::fromStdString(reason)});
    if (!fatal.empty()) {
        // The document is broken from here on: one malformed record stands for the rest.
        ++result.malformed;
        if (result.firstMalformed.size() < CallLogReadResult::MAX_REPORTED_MALFORMED)
            result.firstMalformed.append({result.records + 1, QString::fromStdString(fatal)});
    }
    return result;
}

} // namespace

CallLogFormat CallLogReader::guessLayout(std::string_view head, CallLogFormat requested, bool *document)
{
    const Layout layout = ::detectLayout(head, requested);
    if (document)
        *document = layout.document;
    return layout.format;
}

CallLogReadResult CallLogReader::readFile(const QString &path, CallSink &sink) const
{
    return readFile(path, QList<CallSink *> {&sink});
}

CallLogReadResult CallLogReader::readFile(const QString &path, const QList<CallSink *> &sinks) const
{
    CallLogReadResult result;
    QFile file(path);
    if (sinks.isEmpty()) {
        result.errorString = u"no sink to read %1 into"_s.arg(path);
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.errorString = u"cannot open %1: %2"_s.arg(path, file.errorString());
        return result;
    }
    const QByteArray head = file.read(std::max(HEAD_BYTES, std::min(m_maxLineBytes + 1, qint64(64) * 1024 * 1024)));
    const Layout layout = detectLayout(std::string_view(head.constData(), std::size_t(head.size())), m_format);
    result.format = layout.format;

    if (layout.document) {
        if (!file.isSequential() && file.size() > m_maxDocumentBytes) {
            result.errorString = u"%1 is one JSON document of %2 bytes, more than the limit of %3 bytes"_s.arg(path)
                                     .arg(file.size())
                                     .arg(m_maxDocumentBytes);
            return result;
        }
        QByteArray rest;
        if (!file.isSequential()) {
            rest = file.readAll(); // size checked above
        } else {
            while (head.size() + rest.size() <= m_maxDocumentBytes) {
                const QByteArray chunk = file.read(1024 * 1024);
                if (chunk.isEmpty())
                    break;
                rest += chunk;
            }
        }
        if (head.size() + rest.size() > m_maxDocumentBytes) {
            result.errorString = u"%1 is one JSON document larger than the limit of %2 bytes"_s.arg(path).arg(
                m_maxDocumentBytes);
            return result;
        }
        QByteArray json = head + rest;
        rest.clear();
        json.append(qsizetype(PAD), ' ');
        return documentResult(layout.format, m_mapping, m_prices, json, *sinks.first());
    }

    std::vector<std::unique_ptr<Part>> parts;
    if (file.isSequential()) {
        parts.push_back(std::make_unique<Part>(layout.format, m_mapping, m_prices, sinks.first(), m_maxLineBytes, m_windowBytes));
        readSequential(file, head, *parts.front());
    } else {
        const qint64 size = file.size();
        const int count = int(std::clamp<qint64>(size / m_minBytesPerThread, 1, sinks.size()));
        const QList<qint64> points = splitPoints(file, size, count);
        file.close();
        for (int i = 0; i < count; ++i)
            parts.push_back(std::make_unique<Part>(layout.format, m_mapping, m_prices, sinks.at(i), m_maxLineBytes, m_windowBytes));
        QList<QFuture<void>> running;
        for (int i = 1; i < count; ++i) {
            Part *part = parts.at(std::size_t(i)).get();
            const qint64 begin = points.at(i);
            const qint64 end = points.at(i + 1);
            running.append(QtConcurrent::run([path, begin, end, part] { readRangeMapped(path, begin, end, *part); }));
        }
        readRangeMapped(path, points.at(0), points.at(1), *parts.front());
        for (QFuture<void> &future : running)
            future.waitForFinished();
    }
    for (const auto &part : parts) {
        if (!part->error.isEmpty() && result.errorString.isEmpty())
            result.errorString = u"cannot read %1: %2"_s.arg(path, part->error);
        result.records += part->records;
        result.calls += part->calls;
        result.malformed += part->malformed;
    }
    result.firstMalformed = mergeMalformed(parts);
    return result;
}

CallLogReadResult CallLogReader::readData(const QByteArray &data, CallSink &sink) const
{
    const std::string_view view(data.constData(), std::size_t(data.size()));
    const Layout layout = detectLayout(view, m_format);
    if (layout.document) {
        if (data.size() > m_maxDocumentBytes) {
            CallLogReadResult result;
            result.format = layout.format;
            result.errorString = u"JSON document larger than the limit of %1 bytes"_s.arg(m_maxDocumentBytes);
            return result;
        }
        QByteArray json = data;
        json.append(qsizetype(PAD), ' ');
        return documentResult(layout.format, m_mapping, m_prices, json, sink);
    }
    Part part(layout.format, m_mapping, m_prices, &sink, m_maxLineBytes, m_windowBytes);
    part.processWindow(data.constData(), view.size(), view.size(), true);
    CallLogReadResult result;
    result.format = layout.format;
    result.records = part.records;
    result.calls = part.calls;
    result.malformed = part.malformed;
    result.firstMalformed = part.firstMalformed;
    return result;
}
