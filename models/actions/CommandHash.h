// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/**
 * The fingerprint a person approves before a command from a config file may run: SHA-256 (hex)
 * over the argv, the working folder and the names (never the values) of the extra environment.
 * Any change to one of them makes a new command that needs a new approval.
 */
class CommandHash
{
public:
    static QString of(const QStringList &argv, const QString &workingDirectory, const QStringList &environmentNames);
};
