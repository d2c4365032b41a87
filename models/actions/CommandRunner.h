// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
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

/** The outcome of one run. Output lines are already redacted. */
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
 * the whole tree (SIGTERM, then SIGKILL after a grace period). Output is streamed line by line with
 * every given secret value replaced by its redaction. Asynchronous: never blocks the caller.
 */
class CommandRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandRunner)

public:
    explicit CommandRunner(QObject *parent = nullptr);
    ~CommandRunner() override;

    /** Values to hide in every output line (e.g. resolved secrets). */
    void setSecrets(const QStringList &secrets);
    void start(const CommandSpec &spec);
    void cancel();
    bool isRunning() const;
    qint64 processId() const;

    /** Replaces every secret in text by "••••" plus at most its last four characters. */
    static QString redact(const QString &text, const QStringList &secrets);

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

    QProcess *m_process = nullptr;
    QTimer m_deadline;
    QTimer m_grace;
    CommandSpec m_spec;
    QStringList m_secrets;
    QByteArray m_partial;
    QStringList m_lines;
    qint64 m_outputBytes = 0;
    bool m_truncated = false;
    qint64 m_pid = 0;
    qint64 m_startedMs = 0;
    CommandResult::Outcome m_stopReason = CommandResult::Outcome::Finished;
};
