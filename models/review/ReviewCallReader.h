// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ReviewCall.h"
#include "sources/CallSourceInput.h"

#include <functional>
#include <optional>

/**
 * Reads the calls of one call source that carry content a reviewer can judge (a prompt or a
 * reply): OTel GenAI spans (`gen_ai.input.messages` / `gen_ai.output.messages`, the older
 * `gen_ai.prompt` / `gen_ai.completion` attributes and the `gen_ai.*.message` / `gen_ai.choice`
 * events), LiteLLM spend-log rows (`messages`, `response`) and generic JSONL records (the mapped
 * `prompt` / `response` fields). Messages become "role: text" lines.
 *
 * Streaming and bounded: one record at a time, a record over MAX_RECORD_BYTES is skipped and
 * counted, and only the text of the calls handed on is kept (raw: the caller masks the few it
 * samples). Safe on a worker thread.
 */
class ReviewCallReader
{
public:
    static constexpr qint64 MAX_RECORD_BYTES = 8 * 1024 * 1024;
    static constexpr qint64 MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

    struct Result
    {
        qint64 records = 0;     ///< call records read
        qint64 withContent = 0; ///< of them, in the window and with a prompt or reply
        qint64 skipped = 0;     ///< malformed or oversized records
        QString error;          ///< the source could not be read at all
    };

    /** Calls in [fromMs, toMs] (either bound optional) with content go to @p found. */
    static Result read(const CallSourceInput &input, std::optional<qint64> fromMs, std::optional<qint64> toMs,
                       const std::function<void(ReviewCall &&)> &found);

    /** The text of a content value: a string (or JSON held in one), messages, parts, choices. */
    static QString contentText(const QJsonValue &value, int depth = 0);
};
