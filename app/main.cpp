// SPDX-License-Identifier: GPL-3.0-or-later
#include "Application.h"
#include "CommandLineInterface.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QStyleFactory>

#include <unistd.h>

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCoreApplication::setOrganizationName(QStringLiteral("Liftoff"));
    QCoreApplication::setApplicationName(QStringLiteral("liftoff"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LIFTOFF_VERSION));
    if (CommandLineInterface::isHeadless(arguments)) {
        // Headless: no display needed, no window created.
        if (CommandLineInterface::needsGui(arguments)) {
            // Text layout needs QtGui but never a display: the offscreen platform, unless one is chosen.
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            // Without a session (CI, ssh) Qt warns about XDG_RUNTIME_DIR on stderr; give it the
            // private folder it would fall back to, so a script's stderr stays meaningful.
            if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
                const QString runtime = QDir::tempPath() + QStringLiteral("/runtime-liftoff-%1").arg(getuid());
                if (QDir().mkpath(runtime)
                    && QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
                    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
            }
            QGuiApplication app(argc, argv);
            return CommandLineInterface::run(arguments);
        }
        QCoreApplication app(argc, argv);
        return CommandLineInterface::run(arguments);
    }
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    Application liftoff;
    if (const int code = liftoff.start(QCoreApplication::arguments()))
        return code;
    return QApplication::exec();
}
