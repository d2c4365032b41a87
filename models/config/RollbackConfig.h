// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretRef.h"

#include <QMap>
#include <QString>
#include <QStringList>

/** How to roll the app back (`rollback`): an argv run without a shell, then items to re-check. */
struct RollbackConfig
{
    QStringList command;
    QStringList dryRun;               ///< empty when not given
    QString cwd = QStringLiteral("."); ///< relative to the config file, as written
    QMap<QString, SecretRef> env;
    qint64 timeoutMs = 5 * 60 * 1000;
    QStringList verify;               ///< item ids re-run after a rollback
    QStringList notify;               ///< channel names
    /** `approvers`: how many distinct people must approve the command before it runs (four eyes: 2). */
    int approvers = 1;

    static constexpr int MAX_APPROVERS = 5;
};
