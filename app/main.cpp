// SPDX-License-Identifier: GPL-3.0-or-later
#include "Application.h"
#include "CommandLineInterface.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QStyleFactory>

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
