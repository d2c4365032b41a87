// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/CommandRunner.h"

#include <QDateTime>
#include <QProcessEnvironment>

#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_LINE_BYTES = 16 * 1024;
} // namespace

CommandRunner::CommandRunner(QObject *parent) : QObject(parent)
{
    m_deadline.setSingleShot(true);
    m_grace.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] { stopGroup(CommandResult::Outcome::TimedOut); });
    connect(&m_grace, &QTimer::timeout, this, [this] {
        if (m_pid > 0)
            ::kill(-static_cast<pid_t>(m_pid), SIGKILL);
    });
}

CommandRunner::~CommandRunner()
{
    if (m_process && m_pid > 0) {
        // Never leave a tree behind, even when the owner goes away mid-run.
        ::kill(-static_cast<pid_t>(m_pid), SIGKILL);
        m_process->disconnect(this);
        m_process->waitForFinished(1000);
    }
}

void CommandRunner::setSecrets(const QStringList &secrets)
{
    m_secrets.clear();
    for (const QString &s : secrets) {
        if (s.size() >= 4)
            m_secrets.append(s);
    }
    // Longest first, so a secret that contains another is hidden whole.
    std::sort(m_secrets.begin(), m_secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

QString CommandRunner::redact(const QString &text, const QStringList &secrets)
{
    QString out = text;
    for (const QString &secret : secrets) {
        if (secret.isEmpty())
            continue;
        const QString masked = u"••••"_s + (secret.size() > 8 ? secret.right(4) : QString());
        out.replace(secret, masked);
    }
    return out;
}

bool CommandRunner::isRunning() const
{
    return m_process != nullptr;
}

qint64 CommandRunner::processId() const
{
    return m_pid;
}

void CommandRunner::start(const CommandSpec &spec)
{
    if (m_process)
        return;
    m_spec = spec;
    m_lines.clear();
    m_partial.clear();
    m_outputBytes = 0;
    m_truncated = false;
    m_stopReason = CommandResult::Outcome::Finished;
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    if (spec.argv.isEmpty()) {
        CommandResult r;
        r.error = u"no command given"_s;
        finish(r);
        return;
    }
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    if (!spec.workingDirectory.isEmpty())
        m_process->setWorkingDirectory(spec.workingDirectory);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = spec.environment.begin(); it != spec.environment.end(); ++it)
        env.insert(it.key(), it.value());
    m_process->setProcessEnvironment(env);
    // Own process group: the whole tree can be signalled at once.
    m_process->setChildProcessModifier([] { ::setpgid(0, 0); });
    m_process->setStandardInputFile(QProcess::nullDevice());
    connect(m_process, &QProcess::readyRead, this, &CommandRunner::handleReadyRead);
    connect(m_process, &QProcess::finished, this, &CommandRunner::handleFinished);
    connect(m_process, &QProcess::errorOccurred, this, &CommandRunner::handleErrorOccurred);
    m_process->start(spec.argv.first(), spec.argv.mid(1));
    m_pid = m_process->processId();
    if (spec.timeoutMs > 0)
        m_deadline.start(static_cast<int>(qMin<qint64>(spec.timeoutMs, std::numeric_limits<int>::max())));
}

void CommandRunner::cancel()
{
    stopGroup(CommandResult::Outcome::Cancelled);
}

void CommandRunner::stopGroup(CommandResult::Outcome reason)
{
    if (!m_process || m_pid <= 0)
        return;
    if (m_stopReason == CommandResult::Outcome::Finished)
        m_stopReason = reason;
    ::kill(-static_cast<pid_t>(m_pid), SIGTERM);
    m_grace.start(static_cast<int>(m_spec.graceMs));
}

void CommandRunner::emitLine(const QByteArray &raw)
{
    QByteArray bytes = raw;
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    const QString line = redact(QString::fromUtf8(bytes), m_secrets);
    m_lines.append(line);
    emit lineRead(line);
}

void CommandRunner::handleReadyRead()
{
    const QByteArray chunk = m_process->readAll();
    if (m_truncated)
        return;
    m_outputBytes += chunk.size();
    m_partial += chunk;
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = m_partial.indexOf('\n', start);
        if (nl < 0)
            break;
        emitLine(m_partial.mid(start, qMin(nl - start, MAX_LINE_BYTES)));
        start = nl + 1;
    }
    m_partial.remove(0, start);
    if (m_partial.size() > MAX_LINE_BYTES) {
        emitLine(m_partial.left(MAX_LINE_BYTES));
        m_partial.clear();
    }
    if (m_outputBytes > m_spec.maxOutputBytes) {
        m_truncated = true;
        m_partial.clear();
        const QString note = u"[output truncated after %1 bytes]"_s.arg(m_spec.maxOutputBytes);
        m_lines.append(note);
        emit lineRead(note);
    }
}

void CommandRunner::handleFinished(int exitCode, QProcess::ExitStatus status)
{
    handleReadyRead();
    if (!m_partial.isEmpty() && !m_truncated)
        emitLine(m_partial);
    m_partial.clear();
    // The leader is gone; anything it left in its group goes with it.
    if (m_pid > 0)
        ::kill(-static_cast<pid_t>(m_pid), SIGKILL);
    CommandResult r;
    r.outcome = m_stopReason;
    r.exitCode = status == QProcess::NormalExit ? exitCode : -1;
    if (r.outcome == CommandResult::Outcome::TimedOut)
        r.error = u"timed out after %1 ms; the process group was stopped"_s.arg(m_spec.timeoutMs);
    else if (r.outcome == CommandResult::Outcome::Cancelled)
        r.error = u"cancelled; the process group was stopped"_s;
    else if (status == QProcess::CrashExit)
        r.error = u"the command crashed"_s;
    finish(r);
}

void CommandRunner::handleErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return;
    CommandResult r;
    r.outcome = CommandResult::Outcome::FailedToStart;
    r.error = u"could not start %1: %2"_s.arg(m_spec.argv.value(0), m_process->errorString());
    finish(r);
}

void CommandRunner::finish(CommandResult result)
{
    m_deadline.stop();
    m_grace.stop();
    result.lines = m_lines;
    result.outputTruncated = m_truncated;
    result.durationMs = QDateTime::currentMSecsSinceEpoch() - m_startedMs;
    result.error = redact(result.error, m_secrets);
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_pid = 0;
    emit finished(result);
}
