// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/RollbackProbe.h"

#include "actions/RollbackCommandLine.h"
#include "config/ProjectConfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

using namespace Qt::StringLiterals;

RollbackProbe::RollbackProbe(ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    connect(&m_runner, &CommandRunner::finished, this, &RollbackProbe::handleFinished);
}

void RollbackProbe::start()
{
    m_startedAt = QDateTime::currentDateTimeUtc();
    const auto failNow = [this](const QString &summary, const QJsonObject &evidence = {}) {
        ProbeResult r;
        r.itemId = m_request.itemId;
        r.status = Status::Fail;
        r.summary = summary;
        r.evidence = evidence;
        // Asynchronous like every probe: the engine connects after start() returns.
        QTimer::singleShot(0, this, [this, r] { finishWith(r); });
    };
    if (!m_context.project || !m_context.project->rollback)
        return failNow(u"no rollback configured: add `rollback.command` and `rollback.dry_run` to liftoff.yaml"_s);
    const std::optional<RollbackCommandLine> command = RollbackCommandLine::of(*m_context.project, false);
    const std::optional<RollbackCommandLine> dryRun = RollbackCommandLine::of(*m_context.project, true);
    if (!dryRun)
        return failNow(u"no `rollback.dry_run` configured: the rollback cannot be checked without running it"_s,
                       {{u"command"_s, command->displayText()}});
    m_command = dryRun->displayText();
    QJsonObject evidence {{u"command"_s, command->displayText()}, {u"dryRun"_s, m_command},
                          {u"commandHash"_s, command->hash()}, {u"dryRunHash"_s, dryRun->hash()}};
    if (!m_context.approvedCommandHashes.contains(command->hash())
        || !m_context.approvedCommandHashes.contains(dryRun->hash())) {
        return failNow(u"the rollback command is not approved on this machine (or changed since): approve it in "
                       u"the Rollback dialog or with `liftoff rollback --dry-run --approve`"_s,
                       evidence);
    }
    // Four eyes: the dry run needs one approval, the rollback itself rollback.approvers distinct people.
    const int needed = m_context.project->rollback->approvers;
    if (needed > 1 && !m_context.commandApproverCounts.isEmpty()) {
        const int have = m_context.commandApproverCounts.value(command->hash());
        if (have < needed) {
            evidence.insert(u"approvers"_s, have);
            evidence.insert(u"approversNeeded"_s, needed);
            const int missing = needed - have;
            return failNow(u"the rollback command is approved by %1 of the %2 people rollback.approvers asks for: it "
                           u"would be refused when it is needed; %3 more %4 approve it in the Rollback dialog or "
                           u"with `liftoff rollback --approve --by NAME`"_s
                               .arg(have)
                               .arg(needed)
                               .arg(missing)
                               .arg(missing == 1 ? u"person should"_s : u"people should"_s),
                           evidence);
        }
    }
    QStringList secrets;
    QString error;
    const std::optional<CommandSpec> spec = dryRun->resolve(m_context.baseUrl, m_context.version, &secrets, &error);
    if (!spec) {
        ProbeResult r = ProbeResult::error(m_request.itemId, error);
        r.evidence = evidence;
        QTimer::singleShot(0, this, [this, r] { finishWith(r); });
        return;
    }
    m_runner.setSecrets(secrets);
    m_runner.start(*spec);
}

void RollbackProbe::cancel()
{
    if (m_runner.isRunning())
        m_runner.cancel();
    else
        finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
}

void RollbackProbe::handleFinished(const CommandResult &result)
{
    const QStringList tail = result.lines.mid(qMax<qsizetype>(0, result.lines.size() - MAX_EVIDENCE_LINES));
    QJsonObject evidence {{u"dryRun"_s, m_command}, {u"exitCode"_s, result.exitCode},
                          {u"durationMs"_s, result.durationMs}, {u"output"_s, QJsonArray::fromStringList(tail)}};
    ProbeResult r;
    r.itemId = m_request.itemId;
    r.evidence = evidence;
    if (result.outcome == CommandResult::Outcome::Finished) {
        r.status = result.exitCode == 0 ? Status::Pass : Status::Fail;
        r.summary = result.exitCode == 0 ? u"dry run exited 0 in %1 ms"_s.arg(result.durationMs)
                                         : u"dry run exited %1"_s.arg(result.exitCode);
    } else {
        r.status = Status::Error;
        r.summary = u"dry run: %1"_s.arg(result.error);
    }
    finishWith(r);
}

void RollbackProbe::finishWith(ProbeResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    result.startedAt = m_startedAt.isValid() ? m_startedAt : QDateTime::currentDateTimeUtc();
    result.durationMs = result.startedAt.msecsTo(QDateTime::currentDateTimeUtc());
    emit finished(result);
}
