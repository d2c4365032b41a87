// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

/** A run made the baseline of its prompt versions (schema v7, table eval_blessings): who, when, why. */
struct EvalBlessing
{
    qint64 id = 0;
    qint64 runId = 0;
    qint64 projectId = 0;
    qint64 deploymentId = 0; ///< the run's deployment
    QString promptKey;
    QString who;
    QDateTime at;
    QString note;
};
