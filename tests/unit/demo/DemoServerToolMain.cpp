// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper: `liftoff_demo_server_tool [--port N] [--state DIR]` runs runDemoServerCommand().
#include "DemoServerCommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    return runDemoServerCommand(app.arguments().mid(1), out, err);
}
