// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/CallLogFormat.h"
#include "sources/CallLogReadResult.h"
#include "sources/JsonlFieldMapping.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

/** One piece of message content of a logged call. */
struct CallContentPart
{
    enum class Side { Prompt, Response };
    enum class Role { User, System, Assistant }; ///< User also stands for tool results and unknown roles
    Side side = Side::Prompt;
    Role role = Role::User;
    std::string text;
};

/** The content of one logged call (an OTel span or log record, a LiteLLM row, a JSONL record). */
struct CallContentRecord
{
    qint64 line = 0;               ///< 1-based line of a JSON-lines log, or element of a JSON document
    std::optional<qint64> timeMs;  ///< start of the call, when the record says
    std::string model;             ///< the answering model (else the requested one), when the record says
    std::vector<CallContentPart> parts;
};

/**
 * Streams the prompt and response content of a call log, which CallLogReader's hot path skips:
 * OTel GenAI `gen_ai.input.messages` / `gen_ai.output.messages` / `gen_ai.system_instructions`
 * (as JSON strings or AnyValue trees), the older forms (`gen_ai.prompt` / `gen_ai.completion`
 * attributes and `gen_ai.prompt.N.content`, span events and log records named
 * `gen_ai.user.message`, `gen_ai.choice`, `gen_ai.content.prompt`, ...), LiteLLM `messages` and
 * `response` (or `proxy_server_request` when messages were not stored), Langfuse `input` /
 * `output`, and the JSONL mapping's `prompt` / `response` fields.
 *
 * The layout (JSON lines or one document) and format come from CallLogReader::guessLayout, so
 * both readers see a log alike. Lines are read one at a time into a buffer of maxLineBytes(): a
 * longer line is counted malformed and skipped without being kept; invalid JSON or UTF-8 makes a
 * record malformed, never the read fatal. A document is bounded by maxDocumentBytes(). Uses
 * simdjson's DOM API (the library picks the CPU's kernels at run time).
 */
class CallContentReader
{
public:
    static constexpr qint64 DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
    static constexpr qint64 DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
    using Handler = std::function<void(const CallContentRecord &)>;

    void setFormat(CallLogFormat format) { m_format = format; }
    void setFieldMapping(const JsonlFieldMapping &mapping) { m_mapping = mapping; }
    void setMaxLineBytes(qint64 bytes) { m_maxLineBytes = bytes; }
    void setMaxDocumentBytes(qint64 bytes) { m_maxDocumentBytes = bytes; }
    /** Polled between records; a set flag ends the read early with errorString "cancelled". */
    void setCancelFlag(const std::atomic<bool> *cancel) { m_cancel = cancel; }
    /** Bytes consumed so far are added here (progress), when set. */
    void setProgress(std::atomic<qint64> *bytes) { m_progress = bytes; }

    CallLogReadResult readFile(const QString &path, const Handler &handler) const;
    CallLogReadResult readData(const QByteArray &data, const Handler &handler) const;

private:
    CallLogReadResult readDocument(QByteArray json, CallLogFormat format, const Handler &handler) const;

    CallLogFormat m_format = CallLogFormat::Auto;
    JsonlFieldMapping m_mapping;
    qint64 m_maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    qint64 m_maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
    const std::atomic<bool> *m_cancel = nullptr;
    std::atomic<qint64> *m_progress = nullptr;
};
