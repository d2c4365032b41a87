// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/SecretRedactor.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QMap>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>

/** What to run: an argv list (never a shell), its folder, extra environment and deadline. */
struct CommandSpec
{
    QStringList argv;
    QString workingDirectory;
    QMap<QString, QString> environment; ///< resolved values; never logged
    qint64 timeoutMs = 60000;
    qint64 graceMs = 3000;              ///< between SIGTERM and SIGKILL
    qint64 maxOutputBytes = 4 * 1024 * 1024;
};

/** The outcome of one run. Output lines and the error are already redacted (SecretRedactor). */
struct CommandResult
{
    enum class Outcome { Finished, TimedOut, Cancelled, FailedToStart };
    Outcome outcome = Outcome::FailedToStart;
    int exitCode = -1;
    QStringList lines;
    bool outputTruncated = false;
    QString error;
    qint64 durationMs = 0;
    bool succeeded() const { return outcome == Outcome::Finished && exitCode == 0; }
};

/**
 * Runs one command without a shell, in its own process group so that a timeout or a cancel stops
 * the whole tree (SIGTERM, then SIGKILL after a grace period). Output (stdout and stderr merged) is
 * streamed line by line, each line redacted whole by SecretRedactor (key shapes and the given
 * secret values), so that a key the child writes in several pieces is still one match. A line
 * longer than MAX_LINE_BYTES is cut before the token it would split, and its rest is dropped.
 * Asynchronous: never blocks the caller.
 */
class CommandRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandRunner)

public:
    /** Longest line kept; a longer line is cut and the rest of it, up to its newline, dropped. */
    static constexpr qsizetype MAX_LINE_BYTES = 16 * 1024;

    explicit CommandRunner(QObject *parent = nullptr);
    ~CommandRunner() override;

    /** Values to hide in every output line besides the key shapes (e.g. resolved secrets). */
    void setSecrets(const QStringList &secrets);
    void start(const CommandSpec &spec);
    void cancel();
    bool isRunning() const;
    qint64 processId() const;

signals:
    void lineRead(const QString &line);
    void finished(const CommandResult &result);

private:
    void handleReadyRead();
    void handleFinished(int exitCode, QProcess::ExitStatus status);
    void handleErrorOccurred(QProcess::ProcessError error);
    void stopGroup(CommandResult::Outcome reason);
    void finish(CommandResult result);
    void emitLine(const QByteArray &raw);
    void appendToLine(QByteArrayView piece);
    void endLine();

    QProcess *m_process = nullptr;
    QTimer m_deadline;
    QTimer m_grace;
    CommandSpec m_spec;
    SecretRedactor m_redactor;
    QByteArray m_partial;  ///< the line read so far (never more than MAX_LINE_BYTES + 1)
    bool m_skipping = false; ///< the current line was cut: drop bytes until its newline
    QStringList m_lines;
    qint64 m_outputBytes = 0;
    bool m_truncated = false;
    qint64 m_pid = 0;
    qint64 m_startedMs = 0;
    CommandResult::Outcome m_stopReason = CommandResult::Outcome::Finished;
};
