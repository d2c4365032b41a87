// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/**
 * The grammar of one subcommand ("check", "deploy new"): the options it takes (names without
 * the leading "--"), how many positional words may follow its own words, and its usage text.
 * The global options (--db, --config, --deployment) are accepted by every subcommand.
 */
struct SubcommandSpec
{
    /** One or two words: "check", "deploy new". */
    QString name;
    QStringList valueOptions;
    QStringList flags;
    /** Positional words after the command's own words; -1 for any number (FILE...). */
    int maxPositional = 0;
    /** The usage line(s) printed with a usage error. */
    QString usage;
    /** The full --help text (starts with the usage). */
    QString help;
    /** `open [CONFIG]`: the GUI, not a headless command. */
    bool opensGui = false;
    /** Lays out text or images (report's PDF): runs with a QGuiApplication, offscreen. */
    bool needsGuiApplication = false;
    /** `secret set`: a stray word may be a pasted secret, so a usage error never repeats it. */
    bool hidesStrayArguments = false;
};
