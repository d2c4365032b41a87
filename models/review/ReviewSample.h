// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ReviewCall.h"

#include <QDateTime>
#include <QList>
#include <QString>

/**
 * The h24.review-sample queue of one deployment: N calls drawn at random from the call log of a
 * window, with the seed that drew them (so the draw can be checked), and the marks given so far.
 */
struct ReviewSample
{
    qint64 id = 0;
    qint64 deploymentId = 0;
    quint64 seed = 0;
    int requested = 0;       ///< the sample size asked for
    qint64 population = 0;   ///< calls with content in the window it was drawn from
    QDateTime windowFrom;
    QDateTime windowTo;
    QDateTime created;
    QString createdBy;
    QList<ReviewCall> calls;

    int markedCount() const;
    int badCount() const;
    bool isComplete() const { return !calls.isEmpty() && markedCount() == calls.size(); }
};
