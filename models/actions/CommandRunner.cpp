// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/CommandRunner.h"

#include <QDateTime>
#include <QProcessEnvironment>

#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
/** Bytes a key or token may consist of: a cut never falls inside a run of them. */
bool isTokenByte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("_-+/=.~%\\").contains(c);
}
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
    m_redactor.setSecrets(secrets);
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
    m_skipping = false;
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
    // Only whole lines are redacted: a key read in two chunks is one match here.
    const QString line = m_redactor.redact(QString::fromUtf8(bytes));
    m_lines.append(line);
    emit lineRead(line);
}

void CommandRunner::appendToLine(QByteArrayView piece)
{
    if (m_skipping || piece.isEmpty())
        return;
    // One byte past the bound tells whether the cut would split a token.
    const qsizetype room = MAX_LINE_BYTES + 1 - m_partial.size();
    if (piece.size() < room) {
        m_partial += piece;
        return;
    }
    m_partial += piece.first(room);
    qsizetype cut = MAX_LINE_BYTES;
    // Cut before the token the bound falls in, never inside it: a key's head alone could be
    // too short to look like a key and would be kept as it is.
    if (isTokenByte(m_partial.at(cut))) {
        while (cut > 0 && isTokenByte(m_partial.at(cut - 1)))
            --cut;
    }
    m_partial.truncate(cut);
    m_partial += " [line cut at " + QByteArray::number(MAX_LINE_BYTES) + " bytes]";
    emitLine(m_partial);
    m_partial.clear();
    m_skipping = true;
}

void CommandRunner::endLine()
{
    if (!m_skipping)
        emitLine(m_partial);
    m_partial.clear();
    m_skipping = false;
}

void CommandRunner::handleReadyRead()
{
    const QByteArray chunk = m_process->readAll();
    if (m_truncated)
        return;
    m_outputBytes += chunk.size();
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = chunk.indexOf('\n', start);
        appendToLine(QByteArrayView(chunk).sliced(start, (nl < 0 ? chunk.size() : nl) - start));
        if (nl < 0)
            break;
        endLine();
        start = nl + 1;
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
    // The last line may lack its newline: it ends with the process.
    if (!m_partial.isEmpty() && !m_truncated && !m_skipping)
        emitLine(m_partial);
    m_partial.clear();
    m_skipping = false;
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
    result.error = m_redactor.redact(result.error);
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_pid = 0;
    emit finished(result);
}
