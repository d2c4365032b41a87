// SPDX-License-Identifier: GPL-3.0-or-later
#include "CheckCommand.h"

#include "CliArguments.h"
#include "CliSession.h"
#include "StatusCommand.h"
#include "config/NearestName.h"
#include "probes/CommandProbe.h"
#include "probes/ProbeEngine.h"
#include "probes/ProbePlanner.h"
#include "probes/StandardProbeFactory.h"
#include "report/ChecklistReport.h"
#include "store/RollbackRepository.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace CheckCommand {

int run(CliArguments &args, QTextStream &out, QTextStream &err)
{
    const QString format = args.takeOption(u"--format"_s).value_or(u"text"_s);
    const bool strict = args.takeFlag(u"--strict"_s);
    const std::optional<QString> only = args.takeOption(u"--only"_s);
    const std::optional<QString> phaseText = args.takeOption(u"--phase"_s);
    const int concurrency = args.takeOption(u"--concurrency"_s).value_or(u"8"_s).toInt();
    // Approves the configured commands for this run only; nothing is recorded. A lasting approval
    // (keyed by the same CommandHash) belongs to the approval store that rollback brings.
    const bool approve = args.takeFlag(u"--approve"_s);
    CliSession session(out, err);
    if (const int code = session.open(args, true))
        return code;
    if (!StatusCommand::isKnownFormat(format)) {
        err << "liftoff check: unknown --format '" << format << "'; use text, json, junit or markdown" << Qt::endl;
        return ExitCode::USAGE;
    }
    std::optional<Phase> phase;
    if (phaseText) {
        phase = ChecklistText::phaseFromString(*phaseText);
        if (!phase) {
            err << "liftoff check: --phase must be pre, deploy or post" << Qt::endl;
            return ExitCode::USAGE;
        }
    }
    QStringList ids;
    if (only) {
        for (const QString &raw : only->split(u',', Qt::SkipEmptyParts)) {
            const QString id = raw.trimmed();
            if (!session.checklist().contains(id)) {
                err << "liftoff check: unknown item '" << id << "'";
                const QString nearest = NearestName::find(id, session.checklist().ids());
                if (!nearest.isEmpty())
                    err << "; did you mean `" << nearest << "`?";
                err << Qt::endl;
                return ExitCode::USAGE;
            }
            ids.append(id);
        }
    }
    if (phase) {
        QStringList inPhase;
        for (const ChecklistItem &item : session.checklist().items()) {
            if (item.phase == *phase && (ids.isEmpty() || ids.contains(item.id)))
                inPhase.append(item.id);
        }
        ids = inPhase.isEmpty() ? QStringList {u"-"_s} : inPhase;
    }

    const DeploymentRecord &deployment = session.deployment();
    if (!only) {
        // Alert items send real messages: without --only, skip those that passed within a day.
        QHash<QString, ItemState> before;
        if (StoreError e = session.repository().itemStates(deployment.id, &before); e.isError())
            return session.storeFailure(e);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QStringList kept;
        for (const ChecklistItem &item : session.checklist().items()) {
            if (!ids.isEmpty() && !ids.contains(item.id))
                continue;
            const ItemState state = before.value(item.id);
            if (item.binding.probeKind == u"alerts" && state.status == Status::Pass && state.checkedAt.isValid()
                && state.checkedAt.secsTo(now) < 24 * 3600)
                continue;
            kept.append(item.id);
        }
        ids = kept.isEmpty() ? QStringList {u"-"_s} : kept;
    }
    QNetworkAccessManager nam;
    ProbeContext baseContext = ProbePlanner::contextFor(session.project(), deployment.environment, deployment.version);
    // The cost probe keeps the release-time projection and the budget alert ladder in the store.
    baseContext.storePath = session.databasePath();
    baseContext.deploymentId = deployment.id;
    // The repository probes compare with the previous released deployment.
    QList<DeploymentRecord> deployments;
    if (!session.repository().deployments(session.projectId(), &deployments).isError())
        baseContext.deployments = DeploymentHistory::from(deployments, deployment.id);
    StandardProbeFactory factory(&nam, baseContext);
    const ProbePlanner::Plan plan = ProbePlanner::plan(session.project(), session.checklist(), ids,
                                                       factory.runnableKinds());
    {
        // Commands approved on this machine (rollback and its dry run, approved commands of checks).
        ProbeContext context = factory.context();
        RollbackRepository approvals(session.database());
        if (StoreError e = approvals.approvedHashes(session.projectId(), &context.approvedCommandHashes); e.isError())
            return session.storeFailure(e);
        if (StoreError e = approvals.approverCounts(session.projectId(), &context.commandApproverCounts); e.isError())
            return session.storeFailure(e);
        factory.setContext(context);
    }
    if (approve) {
        ProbeContext context = factory.context();
        for (const ProbeRequest &request : plan.requests) {
            if (request.spec.kind != u"command")
                continue;
            const QString hash = CommandProbe::approvalHash(request.spec, context);
            context.approvedCommandHashes.insert(hash);
            // On stderr: stdout may be JSON or JUnit for a CI pipeline.
            err << "liftoff check: approved for this run: " << request.itemId << " `"
                << request.spec.params.value(u"argv"_s).toStringList().join(u' ') << "` in " << context.projectDir
                << " (sha256 " << hash << ")" << Qt::endl;
        }
        factory.setContext(context);
    }
    StoreError storeError;
    auto store = [&](const ProbeResult &r) {
        if (storeError.isError())
            return;
        ProbeRunRecord run {0, deployment.id, r.itemId, r.startedAt, r.durationMs, r.status, r.summary,
                            r.conditions, r.evidence};
        storeError = session.repository().recordProbeRun(run, nullptr, nullptr);
    };
    for (const auto &[itemId, reason] : plan.skipped) {
        if (reason.startsWith(u"no runner"_s))
            continue; // shown as not-reported by the verdict rules; nothing ran
        ProbeResult r = ProbeResult::error(itemId, reason);
        r.status = Status::NotReported;
        store(r);
    }
    if (!plan.requests.isEmpty()) {
        ProbeEngine engine(&factory);
        engine.setLimits(qBound(1, concurrency, 64), 4);
        QEventLoop loop;
        QObject::connect(&engine, &ProbeEngine::resultReady, &loop, store);
        QObject::connect(&engine, &ProbeEngine::idle, &loop, &QEventLoop::quit);
        engine.enqueue(plan.requests);
        if (engine.isBusy())
            loop.exec();
    }
    if (storeError.isError())
        return session.storeFailure(storeError);
    QHash<QString, ItemState> states;
    if (StoreError e = session.repository().itemStates(deployment.id, &states); e.isError())
        return session.storeFailure(e);
    const ChecklistReport report(session.project().name, deployment, session.evaluate(states));
    return StatusCommand::printReport(report, format, strict, out);
}

} // namespace CheckCommand
