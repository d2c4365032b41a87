// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandLineInterface.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCoreApplication::setOrganizationName(QStringLiteral("Liftoff"));
    QCoreApplication::setApplicationName(QStringLiteral("liftoff"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LIFTOFF_VERSION));
    if (CommandLineInterface::isHeadless(arguments)) {
        QCoreApplication app(argc, argv);
        return CommandLineInterface::run(arguments);
    }
    QCoreApplication app(argc, argv);
    return 0;
}
