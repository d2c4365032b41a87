// SPDX-License-Identifier: GPL-3.0-or-later
// Runs `liftoff calls stats` without the GUI binary: liftoff_calls_stats [calls stats options] FILE...
#include "CallsStatsCommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    return runCallsStatsCommand(app.arguments().mid(1), out, err);
}
