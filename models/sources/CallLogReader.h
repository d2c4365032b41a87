// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CallLogFormat.h"
#include "sources/CallLogReadResult.h"
#include "sources/CallSink.h"
#include "sources/JsonlFieldMapping.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <algorithm>

class PriceTable;

/**
 * Streams an LLM call log (OTLP/JSON lines, LiteLLM spend logs, generic JSONL, Langfuse
 * observations) into CallSinks, one LlmCall per call.
 *
 * Line formats are read line by line through a sliding memory map (QFile::map, a window of
 * WINDOW_BYTES at a time, falling back to read() for pipes), so memory stays bounded whatever
 * the file size. A line longer than maxLineBytes() is counted malformed and skipped without
 * being copied. Invalid JSON or invalid UTF-8 make a line malformed, never the read fatal.
 * With several sinks the file is cut into as many byte ranges at line starts, each parsed on
 * its own thread into its own sink; malformed line numbers are still absolute.
 *
 * A log whose first non-empty line is not a complete JSON object (`[`, or a pretty-printed `{`)
 * is read as one JSON document instead: an array of records or `{"data": [...]}` as the
 * LiteLLM /spend/logs and Langfuse observations APIs return. Such a document is loaded whole,
 * so it is bounded by maxDocumentBytes().
 */
class CallLogReader
{
public:
    static constexpr qint64 DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
    static constexpr qint64 DEFAULT_MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
    static constexpr qint64 WINDOW_BYTES = 16 * 1024 * 1024;

    CallLogReader() = default;

    void setFormat(CallLogFormat format) { m_format = format; }
    CallLogFormat format() const { return m_format; }
    void setFieldMapping(const JsonlFieldMapping &mapping) { m_mapping = mapping; }
    /** Prices used for calls without a logged cost; nullptr (the default) leaves them without cost. */
    void setPriceTable(const PriceTable *prices) { m_prices = prices; }
    void setMaxLineBytes(qint64 bytes) { m_maxLineBytes = bytes; }
    qint64 maxLineBytes() const { return m_maxLineBytes; }
    void setMaxDocumentBytes(qint64 bytes) { m_maxDocumentBytes = bytes; }
    qint64 maxDocumentBytes() const { return m_maxDocumentBytes; }
    /** Files smaller than this per extra thread are read by fewer threads (default 4 MiB). */
    void setMinBytesPerThread(qint64 bytes) { m_minBytesPerThread = std::max<qint64>(1, bytes); }
    /** Bytes mapped at a time (default WINDOW_BYTES; at least twice maxLineBytes). Tests use small ones. */
    void setWindowBytes(qint64 bytes) { m_windowBytes = std::max<qint64>(1, bytes); }

    /** Reads @p path on the calling thread. */
    CallLogReadResult readFile(const QString &path, CallSink &sink) const;
    /**
     * Reads @p path with one thread per sink (the calling thread takes the first range).
     * Small files and JSON documents use the first sink only.
     */
    CallLogReadResult readFile(const QString &path, const QList<CallSink *> &sinks) const;
    /** Reads a log held in memory (tests, HTTP answers). */
    CallLogReadResult readData(const QByteArray &data, CallSink &sink) const;
    /**
     * How a log that starts with @p head is laid out: its format (@p requested unless Auto) and
     * whether it is one JSON document (@p document) rather than JSON lines. Other readers of call
     * logs (the PII scan) use it so that every reader sees a log the same way.
     */
    static CallLogFormat guessLayout(std::string_view head, CallLogFormat requested, bool *document);
    /** Bytes of a log's start that guessLayout() needs. */
    static constexpr qint64 LAYOUT_HEAD_BYTES = 1024 * 1024;

private:
    CallLogFormat m_format = CallLogFormat::Auto;
    JsonlFieldMapping m_mapping;
    const PriceTable *m_prices = nullptr;
    qint64 m_maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    qint64 m_maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
    qint64 m_minBytesPerThread = 4 * 1024 * 1024; // below this a second thread costs more than it saves
    qint64 m_windowBytes = WINDOW_BYTES;
};
