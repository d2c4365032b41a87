// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SubcommandSpec.h"
#include "ParsedCommandLine.h"

#include <QList>
#include <QStringList>

/**
 * One parser for the whole `liftoff` command line, the way git and kubectl behave: the global
 * options (--db, --config, --deployment, --version, --help, --demo) may stand before, between
 * or after the subcommand's words; each subcommand's own options and positional count are
 * checked with a QCommandLineParser built from its SubcommandSpec. An unknown option, a missing
 * value or a stray argument is a UsageError naming the subcommand's usage.
 *
 * Needs no QCoreApplication, so main() can pick QCoreApplication, QGuiApplication or QApplication
 * from the result (a headless subcommand never touches the display).
 */
class CommandLineParser
{
public:
    /** commands: every subcommand; "open" (opensGui) among them. globalHelp: `liftoff --help`. */
    CommandLineParser(QList<SubcommandSpec> commands, QString globalHelp);

    /** arguments include the program name. */
    ParsedCommandLine parse(const QStringList &arguments) const;

    const SubcommandSpec *find(const QString &name) const;
    QString globalHelp() const { return m_globalHelp; }

    /** The global options that take a value, without "--". */
    static const QStringList &globalValueOptions();

private:
    ParsedCommandLine parseGui(const QStringList &words, const SubcommandSpec *open) const;
    ParsedCommandLine parseCommand(const SubcommandSpec &spec, QStringList words, qsizetype commandIndex) const;
    /** Index of the first word that is neither a global option nor its value, from start; -1 if none. */
    static qsizetype nextCommandWord(const QStringList &words, qsizetype start, QString *unknownOption);
    /** The group's subcommand names ("deploy" -> new, list, release). */
    QStringList subcommandsOf(const QString &group) const;
    ParsedCommandLine usageError(const SubcommandSpec *spec, const QString &prefix, const QString &message) const;

    QList<SubcommandSpec> m_commands;
    QString m_globalHelp;
};
