// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/ProbeRunController.h"

#include "actions/ReleaseCostProjection.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/DeploymentListModel.h"
#include "probes/ProbeEngine.h"
#include "probes/ProbePlanner.h"
#include "probes/StandardProbeFactory.h"
#include "probes/UptimeMonitor.h"
#include "itemmodels/ChecklistModel.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace {
constexpr int GLOBAL_LIMIT = 8;
constexpr int PER_HOST_LIMIT = 4;
/** A schedule never fires more often than this, whatever `every:` says. */
constexpr qint64 MIN_EVERY_MS = 5000;
} // namespace

ProbeRunController::ProbeRunController(ChecklistDocument *document, QNetworkAccessManager *nam, ProjectConfig project,
                                       QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_project(std::move(project))
    , m_factory(std::make_unique<StandardProbeFactory>(nam, ProbeContext {}))
    , m_engine(std::make_unique<ProbeEngine>(m_factory.get()))
    , m_uptime(std::make_unique<UptimeMonitor>(nam))
    , m_nam(nam)
{
    m_engine->setLimits(GLOBAL_LIMIT, PER_HOST_LIMIT);
    connect(m_engine.get(), &ProbeEngine::resultReady, this, &ProbeRunController::handleResult);
    connect(m_engine.get(), &ProbeEngine::progressChanged, this, &ProbeRunController::progressChanged);
    connect(m_engine.get(), &ProbeEngine::started, this, &ProbeRunController::itemStarted);
    connect(m_engine.get(), &ProbeEngine::idle, this, [this] {
        if (m_running) {
            m_running = false;
            emit runningChanged(false);
        }
    });
    connect(m_document, &ChecklistDocument::currentDeploymentChanged, this, &ProbeRunController::armSchedules);
    connect(m_document, &ChecklistDocument::currentDeploymentChanged, this, &ProbeRunController::retargetUptime);
    m_uptime->setInterval(m_project.uptime.everyMs);
    connect(m_document, &ChecklistDocument::deploymentReleased, this, &ProbeRunController::projectAtRelease);
}

void ProbeRunController::projectAtRelease(const DeploymentRecord &deployment)
{
    if (!m_project.sources.cost)
        return;
    auto *projection = new ReleaseCostProjection(m_nam, this);
    connect(projection, &ReleaseCostProjection::finished, this,
            [this, projection](const ReleaseCostProjection::Outcome &outcome) {
                projection->deleteLater();
                emit message(outcome.message);
                emit releaseProjectionFinished(outcome.recorded);
            });
    projection->run(m_project, m_document->databasePath(), deployment.id, deployment.released);
}

ProbeRunController::~ProbeRunController()
{
    m_uptime->stop();
    m_engine->cancelAll();
}

bool ProbeRunController::isRunning() const
{
    return m_running;
}

bool ProbeRunController::canRun(const QString &itemId) const
{
    const ChecklistItem *item = m_document->checklist().find(itemId);
    if (!item)
        return false;
    QString reason;
    const auto request = ProbePlanner::requestFor(m_project, *item, &reason);
    return request && m_factory->runnableKinds().contains(request->spec.kind);
}

void ProbeRunController::runAll()
{
    runItems(withoutRecentAlerts(m_document->checklist().ids()));
}

QStringList ProbeRunController::withoutRecentAlerts(const QStringList &ids) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList kept;
    for (const QString &id : ids) {
        const ChecklistItem *item = m_document->checklist().find(id);
        const int row = m_document->model()->rowOf(id);
        if (item && item->binding.probeKind == u"alerts" && row >= 0) {
            const EvaluatedItem &e = m_document->model()->evaluated(row);
            if (e.state.status == Status::Pass && e.state.checkedAt.isValid()
                && e.state.checkedAt.secsTo(now) < ALERT_RESEND_SECONDS)
                continue;
        }
        kept.append(id);
    }
    return kept;
}

void ProbeRunController::retargetUptime()
{
    m_uptime->stop();
    if (!m_document->hasDeployment())
        return;
    const ChecklistItem *health = m_document->checklist().find(u"infra.health"_s);
    QString reason;
    const auto request = health ? ProbePlanner::requestFor(m_project, *health, &reason) : std::nullopt;
    if (!request || request->spec.kind != u"http")
        return;
    const DeploymentRecord deployment = m_document->currentDeployment();
    const ProbeContext context = ProbePlanner::contextFor(m_project, deployment.environment, deployment.version);
    const QUrl url(context.expand(request->spec.params.value(u"url"_s).toString()));
    if (!url.isValid() || url.host().isEmpty())
        return;
    QList<std::pair<QByteArray, QByteArray>> headers;
    for (auto it = context.headers.begin(); it != context.headers.end(); ++it) {
        if (const std::optional<QString> value = it.value().resolve())
            headers.append({it.key().toUtf8(), value->toUtf8()});
    }
    m_uptime->setTarget(url, headers);
    m_uptime->start();
}

void ProbeRunController::runSection(const QString &section)
{
    QStringList ids;
    for (const ChecklistItem &item : m_document->checklist().items()) {
        if (item.section == section)
            ids.append(item.id);
    }
    runItems(ids);
}

void ProbeRunController::runItems(const QStringList &itemIds)
{
    if (!m_document->hasDeployment()) {
        emit message(tr("Record a deployment first: probes run against a deployment's environment."));
        return;
    }
    const DeploymentRecord deployment = m_document->currentDeployment();
    ProbeContext context = ProbePlanner::contextFor(m_project, deployment.environment, deployment.version);
    context.storePath = m_document->databasePath();
    context.deploymentId = deployment.id;
    context.uptimeSamples = [monitor = m_uptime.get()] { return monitor->samples(); };
    context.approvedCommandHashes = m_approvedCommandHashes;
    context.commandApproverCounts = m_commandApproverCounts;
    context.deployments = DeploymentHistory::from(m_document->deployments()->deployments(), deployment.id);
    m_factory->setContext(context);
    const ProbePlanner::Plan plan = ProbePlanner::plan(m_project, m_document->checklist(), itemIds,
                                                       m_factory->runnableKinds());
    for (const auto &[itemId, reason] : plan.skipped) {
        if (reason.startsWith(u"no runner"_s))
            continue;
        // Configured nowhere: say so on the item instead of leaving it pending.
        ProbeRunRecord run;
        run.itemId = itemId;
        run.status = Status::NotReported;
        run.summary = reason;
        run.startedAt = QDateTime::currentDateTimeUtc();
        m_document->recordProbeRun(run);
    }
    if (plan.requests.isEmpty()) {
        emit message(itemIds.size() == 1 ? tr("Nothing to run for %1 in this build.").arg(itemIds.first())
                                         : tr("Nothing to run in this build."));
        return;
    }
    if (!m_running) {
        m_running = true;
        emit runningChanged(true);
    }
    emit message(tr("Running %n probe(s)…", nullptr, static_cast<int>(plan.requests.size())));
    m_engine->enqueue(plan.requests);
}

void ProbeRunController::cancel()
{
    m_engine->cancelAll();
    emit message(tr("Cancelled the running probes."));
}

void ProbeRunController::handleResult(const ProbeResult &result)
{
    ProbeRunRecord run;
    run.itemId = result.itemId;
    run.status = result.status;
    run.summary = result.summary;
    run.conditions = result.conditions;
    run.evidence = result.evidence;
    run.startedAt = result.startedAt.isValid() ? result.startedAt : QDateTime::currentDateTimeUtc();
    run.durationMs = result.durationMs;
    m_document->recordProbeRun(run);
}

void ProbeRunController::armSchedules()
{
    qDeleteAll(m_schedules);
    m_schedules.clear();
    if (!m_document->hasDeployment())
        return;
    for (auto it = m_project.checks.begin(); it != m_project.checks.end(); ++it) {
        if (!it->everyMs || !canRun(it.key()))
            continue;
        auto *timer = new QTimer(this);
        timer->setTimerType(Qt::VeryCoarseTimer);
        timer->setInterval(static_cast<int>(qMax(MIN_EVERY_MS, *it->everyMs)));
        const QString id = it.key();
        connect(timer, &QTimer::timeout, this, [this, id] { runItems({id}); });
        timer->start();
        m_schedules.insert(id, timer);
    }
}
