// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMap>
#include <QProcessEnvironment>
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

/** Removes DISPLAY, WAYLAND_DISPLAY, QT_QPA_PLATFORM and LIFTOFF_DB: the environment of a CI runner. */
void headless(QProcessEnvironment &env);

/**
 * Runs the built `liftoff` binary with args in a headless environment (see headless()), waiting up
 * to timeoutMs.
 */
ProcessResult runLiftoff(const QStringList &args, const QString &workingDir = {},
                         const QByteArray &stdinData = {}, int timeoutMs = 30000);

/**
 * Like runLiftoff, but keeps this process's event loop running while it waits, so servers that
 * live in the test (the demo service, fixtures) can answer the child. extraEnv is added; stdinData
 * is written to the child's stdin, which is then closed.
 */
ProcessResult runLiftoffServing(const QStringList &args, const QMap<QString, QString> &extraEnv = {},
                                int timeoutMs = 60000, const QByteArray &stdinData = {});

} // namespace TestSupport
