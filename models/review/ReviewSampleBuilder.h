// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ReviewSample.h"
#include "sources/CallSourceInput.h"

#include <QList>
#include <QStringList>

/**
 * Draws a new review sample from call sources: every call with content in the window is offered
 * to a seeded ReviewSampler, and only the drawn calls are masked (ReviewMasker) and kept. Blocking
 * file reads: run it on a worker thread or in the CLI.
 */
class ReviewSampleBuilder
{
public:
    struct Request
    {
        QList<CallSourceInput> inputs;
        QDateTime from;
        QDateTime to;
        int size = 20;
        quint64 seed = 0;
        QStringList secrets; ///< values the masker hides besides key shapes
    };

    /** The sample (no id yet), or an error naming the source; *note says what was skipped. */
    static ReviewSample build(const Request &request, QString *error, QString *note);
};
