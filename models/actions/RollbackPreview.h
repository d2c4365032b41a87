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
    bool approved = false;    ///< the command and its dry run were each approved by someone
    /** Who approved the rollback command (distinct names, first approval first). */
    QStringList approvedBy;
    /** rollback.approvers: how many distinct people must approve the rollback command. */
    int approversNeeded = 1;
    DeploymentRecord from;    ///< the selected deployment
    DeploymentRecord to;      ///< the previous released one (id 0: none found)
    QStringList notRolledBack; ///< environment variables, migrations since the previous deployment, ...
    QStringList verifyItems;
    QStringList notifyChannels;
    QString problem;          ///< why it cannot run at all (no command configured, no deployment); empty when it can

    bool canRun() const { return problem.isEmpty(); }
    /** How many more people must approve before a rollback (not a dry run) may run. */
    int missingApprovals() const
    {
        return dryRun ? 0 : qMax(0, approversNeeded - static_cast<int>(approvedBy.size()));
    }
    /** True when `name` is among the approvers (names compare case-insensitively). */
    bool approvedByName(const QString &name) const { return approvedBy.contains(name.trimmed(), Qt::CaseInsensitive); }
    /** Approved, and by enough people: the rollback (or dry run) may start. */
    bool readyToRun() const { return approved && missingApprovals() == 0; }
};
Q_DECLARE_METATYPE(RollbackPreview)
