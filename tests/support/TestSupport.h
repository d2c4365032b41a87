// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

/** Helpers shared by tests: locating data and running the built liftoff binary. */
namespace TestSupport {

/** Absolute path of a file under tests/data. */
QString dataPath(const QString &relative);
QByteArray readFile(const QString &path);

struct ProcessResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool crashed = false;
};

/** Runs the built `liftoff` binary with args (no display, its own env), waiting up to timeoutMs. */
ProcessResult runLiftoff(const QStringList &args, const QString &workingDir = {},
                         const QByteArray &stdinData = {}, int timeoutMs = 30000);

/**
 * Like runLiftoff, but keeps this process's event loop running while it waits, so servers that
 * live in the test (the demo service, fixtures) can answer the child. extraEnv is added.
 */
ProcessResult runLiftoffServing(const QStringList &args, const QMap<QString, QString> &extraEnv = {},
                                int timeoutMs = 60000);

} // namespace TestSupport
