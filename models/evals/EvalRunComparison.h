// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalCaseResult.h"

#include <QList>
#include <QString>

#include <optional>

/**
 * One run's case results set against the baseline's, case by case (matched by case id): which
 * cases flipped. The Eval Runs tab shows it; w1.regression-prod names the Regressed ones. Pure.
 */
class EvalRunComparison
{
public:
    enum class Change {
        StillPasses, ///< passed in both
        StillFails,  ///< failed in both
        Regressed,   ///< passed in the baseline, fails now
        Fixed,       ///< failed in the baseline, passes now
        New,         ///< not in the baseline (or no baseline)
        Missing,     ///< in the baseline, not in this run (not run, or gone from the set)
    };

    struct Row
    {
        QString caseId;
        Change change = Change::New;
        std::optional<EvalCaseResult> current;
        std::optional<EvalCaseResult> baseline;
    };

    /** Rows in the current run's case order, then the baseline's cases this run does not have. */
    static QList<Row> compare(const QList<EvalCaseResult> &current, const QList<EvalCaseResult> &baseline,
                              bool haveBaseline);
    /** "regressed", "fixed", … as shown and exported. */
    static QString changeText(Change change);
    /** True for the rows a reviewer looks at first: flipped either way. */
    static bool isFlip(Change change) { return change == Change::Regressed || change == Change::Fixed; }
    /** The first reason a case failed: its error, else the first failing assertion with its detail. */
    static QString failureReason(const EvalCaseResult &result);
};
