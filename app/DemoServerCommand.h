// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

/**
 * `liftoff demo-server [--port N] [--state DIR]`: runs the embedded demo service in the
 * foreground, prints its base URL (one line on `out`), and runs the event loop until SIGINT or
 * SIGTERM. `args` are the arguments after the subcommand (a leading "demo-server" is skipped).
 * Needs a QCoreApplication. Returns 0 after a signal, 2 on a usage error, 1 when the service
 * cannot start (port taken, state dir unusable).
 */
int runDemoServerCommand(const QStringList &args, QTextStream &out, QTextStream &err);
