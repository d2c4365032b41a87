// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalAssertionOutcome.h"

#include <QList>
#include <QString>

#include <optional>

/** How one case of a run went: the answer (redacted, bounded), each assertion's outcome, the latency. */
struct EvalCaseResult
{
    QString caseId;
    int position = 0;      ///< the case's place in the dataset (0-based)
    bool passed = false;
    int httpStatus = 0;    ///< 0 when no HTTP answer came
    qint64 latencyMs = -1;
    int attempts = 1;      ///< more than 1 after 429 retries
    QString output;        ///< the extracted answer, redacted and cut to EvalRunner::MAX_STORED_OUTPUT_CHARS
    QString error;         ///< why the answer could not be judged (deadline, 5xx, too large, not UTF-8); empty otherwise
    std::optional<qint64> tokens;
    std::optional<double> costUsd;
    QList<EvalAssertionOutcome> assertions;

    /** True when one of its assertions is a json_schema. */
    bool hasSchema() const
    {
        for (const EvalAssertionOutcome &a : assertions) {
            if (a.kind == u"json_schema")
                return true;
        }
        return false;
    }
};
