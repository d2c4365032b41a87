// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SubcommandSpec.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

/** What one `liftoff` command line asks for, as CommandLineParser understood it. */
struct ParsedCommandLine
{
    enum class Action {
        OpenGui,      ///< no subcommand, `open [CONFIG]` or --demo
        RunCommand,   ///< a headless subcommand
        PrintVersion, ///< --version
        PrintHelp,    ///< --help, alone or after a subcommand
        UsageError    ///< exit 2 with error (which ends with the usage of the command)
    };

    Action action = Action::UsageError;
    /** The subcommand (also for PrintHelp and UsageError when one was named); null otherwise. */
    const SubcommandSpec *command = nullptr;
    /** Option values keyed by "--name" (global and the command's own), in the order given. */
    QHash<QString, QStringList> values;
    /** Flags given, as "--name". */
    QSet<QString> flags;
    /** Positional words after the command's first word ("deploy new X": "new", "X"). */
    QStringList positionals;
    /** For UsageError: the message and the usage line. */
    QString error;
    /** For OpenGui: Qt's own options (-platform X, -style X), left for QApplication. */
    QStringList qtArguments;

    QString value(const QString &name) const { return values.value(name).value(values.value(name).size() - 1); }
    bool isSet(const QString &name) const { return values.contains(name) || flags.contains(name); }
};
