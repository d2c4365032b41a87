// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalRunComparison.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

QList<EvalRunComparison::Row> EvalRunComparison::compare(const QList<EvalCaseResult> &current,
                                                         const QList<EvalCaseResult> &baseline, bool haveBaseline)
{
    QHash<QString, qsizetype> baselineIndex;
    for (qsizetype i = 0; i < baseline.size(); ++i)
        baselineIndex.insert(baseline.at(i).caseId, i); // a repeated id: the last one, as the store keeps it
    QList<Row> rows;
    rows.reserve(current.size());
    QSet<QString> seen;
    for (const EvalCaseResult &c : current) {
        if (seen.contains(c.caseId))
            continue;
        seen.insert(c.caseId);
        Row row;
        row.caseId = c.caseId;
        row.current = c;
        const auto it = baselineIndex.constFind(c.caseId);
        if (!haveBaseline || it == baselineIndex.constEnd()) {
            row.change = Change::New;
        } else {
            row.baseline = baseline.at(*it);
            const bool was = row.baseline->passed;
            row.change = was && c.passed ? Change::StillPasses
                         : was           ? Change::Regressed
                         : c.passed      ? Change::Fixed
                                         : Change::StillFails;
        }
        rows.append(row);
    }
    if (!haveBaseline)
        return rows;
    for (const EvalCaseResult &b : baseline) {
        if (seen.contains(b.caseId))
            continue;
        seen.insert(b.caseId);
        Row row;
        row.caseId = b.caseId;
        row.change = Change::Missing;
        row.baseline = b;
        rows.append(row);
    }
    return rows;
}

QString EvalRunComparison::changeText(Change change)
{
    switch (change) {
    case Change::StillPasses:
        return u"still passes"_s;
    case Change::StillFails:
        return u"still fails"_s;
    case Change::Regressed:
        return u"regressed"_s;
    case Change::Fixed:
        return u"fixed"_s;
    case Change::New:
        return u"new"_s;
    case Change::Missing:
        return u"not run"_s;
    }
    return {};
}

QString EvalRunComparison::failureReason(const EvalCaseResult &result)
{
    if (result.passed)
        return {};
    if (!result.error.isEmpty())
        return result.error;
    for (const EvalAssertionOutcome &a : result.assertions) {
        if (!a.ok)
            return a.detail.isEmpty() ? QString(a.kind + u" failed"_s) : QString(a.kind + u": "_s + a.detail);
    }
    return u"failed"_s;
}
