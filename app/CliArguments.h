// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ParsedCommandLine.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * What a subcommand reads of its command line, after CommandLineParser checked it against the
 * subcommand's SubcommandSpec: option values, flags and positional words, taken one by one.
 * Unknown options and stray words never get here.
 */
class CliArguments
{
public:
    explicit CliArguments(const ParsedCommandLine &parsed);

    /** The value of `--name VALUE` / `--name=VALUE` (the last one when given twice). */
    std::optional<QString> takeOption(const QString &name);
    /** Every value of a repeated option, in order. */
    QStringList takeOptions(const QString &name);
    bool takeFlag(const QString &name);
    /** The next positional word, if any. */
    std::optional<QString> takePositional();
    /** The positional words not taken yet. */
    QStringList takePositionals();

private:
    QHash<QString, QStringList> m_values;
    QSet<QString> m_flags;
    QStringList m_positionals;
};
