// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/DeploymentPromptRecord.h"

#include <QDateTime>
#include <QList>
#include <QString>

/** One stored eval run (schema v7, table eval_runs): where it ran, against which prompt versions, how far it got. */
struct EvalRunRecord
{
    qint64 id = 0;
    qint64 deploymentId = 0;
    QString environment;
    QString target;       ///< the URL with secrets masked
    QString dataset;      ///< as written in liftoff.yaml
    QString who;
    QDateTime startedAt;
    QDateTime finishedAt; ///< invalid while running (or when the process died mid-run)
    QString state = QStringLiteral("running"); ///< running, complete, cancelled, budget, error
    QString stopMessage;
    int casesTotal = 0;
    int casesRun = 0;
    int casesPassed = 0;
    QList<DeploymentPromptRecord> prompts; ///< the deployment's prompt versions when the run started
    QString promptKey;    ///< EvalRunRepository::promptKey of prompts

    /** Share of passing cases among those run (0 when none ran). */
    double score() const { return casesRun > 0 ? double(casesPassed) / casesRun : 0.0; }
    bool isComplete() const { return state == u"complete" && casesRun == casesTotal; }
};
