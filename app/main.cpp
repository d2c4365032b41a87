// SPDX-License-Identifier: GPL-3.0-or-later
#include "Application.h"
#include "CommandLineInterface.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QStyleFactory>

#include <cstdio>

#include <unistd.h>

namespace {
/**
 * Without a session (CI, ssh) Qt warns about XDG_RUNTIME_DIR on stderr; give it the private
 * folder it would fall back to, so a script's stderr stays meaningful.
 */
void provideRuntimeDir()
{
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const QString runtime = QDir::tempPath() + QStringLiteral("/runtime-liftoff-%1").arg(getuid());
    if (QDir().mkpath(runtime) && QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
}
} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCoreApplication::setOrganizationName(QStringLiteral("Liftoff"));
    QCoreApplication::setApplicationName(QStringLiteral("liftoff"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LIFTOFF_VERSION));

    // The whole command line is parsed before any application object exists, so a headless
    // subcommand never reaches for a display, whatever order its options come in.
    const ParsedCommandLine parsed = CommandLineInterface::parse(arguments);
    switch (parsed.action) {
    case ParsedCommandLine::Action::PrintVersion:
    case ParsedCommandLine::Action::PrintHelp:
    case ParsedCommandLine::Action::UsageError:
        return CommandLineInterface::run(parsed);
    case ParsedCommandLine::Action::RunCommand:
        if (parsed.command->needsGuiApplication) {
            // Text layout needs QtGui but never a display: the offscreen platform, unless one is chosen.
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            provideRuntimeDir();
            QGuiApplication app(argc, argv);
            return CommandLineInterface::run(parsed);
        } else {
            QCoreApplication app(argc, argv);
            return CommandLineInterface::run(parsed);
        }
    case ParsedCommandLine::Action::OpenGui:
        break;
    }
#if defined(Q_OS_LINUX)
    // Without a display Qt aborts the process; a mistyped command line on a runner (`liftoff --db
    // status`: the subcommand taken as the value) should say what happened instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && !arguments.contains(QStringLiteral("-platform"))) {
        fprintf(stderr, "liftoff: no subcommand was given, so this opens the GUI, but there is no display (DISPLAY "
                        "and WAYLAND_DISPLAY are unset); run a subcommand such as `liftoff status` (see `liftoff "
                        "help`), or set QT_QPA_PLATFORM=offscreen\n");
        return 2;
    }
#endif
    // Wayland compositors and docks find the launcher and icon of the package by this name.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.liftoff.Liftoff"));
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    Application liftoff;
    const QString databasePath = parsed.value(QStringLiteral("--db"));
    if (const int code = liftoff.start(databasePath, parsed.value(QStringLiteral("--config")),
                                       parsed.flags.contains(QStringLiteral("--demo"))))
        return code;
    return QApplication::exec();
}
