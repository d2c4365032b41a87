// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreRecords.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

/** What a person sees before a rollback: what will run, from where to where, and what stays. */
struct RollbackPreview
{
    bool dryRun = false;
    QString command;          ///< RollbackCommandLine::displayText()
    QString expandedCommand;  ///< as it will run, placeholders expanded
    QString commandHash;
    bool approved = false;
    DeploymentRecord from;    ///< the selected deployment
    DeploymentRecord to;      ///< the previous released one (id 0: none found)
    QStringList notRolledBack; ///< environment variables, migrations since the previous deployment, ...
    QStringList verifyItems;
    QStringList notifyChannels;
    QString problem;          ///< why it cannot run at all (no command configured, no deployment); empty when it can

    bool canRun() const { return problem.isEmpty(); }
};
Q_DECLARE_METATYPE(RollbackPreview)
