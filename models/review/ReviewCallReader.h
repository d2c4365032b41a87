// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ReviewCall.h"
#include "sources/CallSourceInput.h"

#include <functional>
#include <optional>

/**
 * The calls of one call source that carry content a reviewer can judge (a prompt or a reply),
 * read with CallContentReader (every format and content form the PII scan reads too) and turned
 * into review candidates: messages become "role: text" lines. Streaming and bounded like that
 * reader; only the text of the calls handed on is kept (raw: the caller masks the few it samples).
 * Safe on a worker thread.
 */
class ReviewCallReader
{
public:
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
};
