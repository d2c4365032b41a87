// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CostProbe.h"

#include "config/ProjectConfig.h"
#include "probes/CostLedger.h"
#include "probes/CostProjection.h"
#include "sources/CostSource.h"
#include "sources/UsdAmount.h"

#include <QFutureWatcher>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

CostProbe::CostProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    if (m_context.project && m_context.project->sources.cost)
        m_source = CostSource::create(m_nam, *m_context.project->sources.cost);
}

CostProbe::~CostProbe() = default;

QString CostProbe::host() const
{
    return m_source ? m_source->baseUrl().host() : QString();
}

void CostProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_elapsed.start();
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_input.itemId = m_request.itemId;
    m_input.now = m_fixedNow.isValid() ? m_fixedNow.toUTC() : m_startedAt;
    if (!m_source) {
        ProbeResult result;
        result.itemId = m_request.itemId;
        result.status = Status::NotReported;
        result.summary = u"no cost source: add sources.cost (openai, anthropic, litellm, openrouter or langfuse) "
                         u"to liftoff.yaml"_s;
        finishLater(result);
        return;
    }
    const ProjectConfig &project = *m_context.project;
    m_input.budget = project.budget;
    m_input.windowMs = m_request.spec.params.value(u"window"_s, project.sources.windowMs).toLongLong();
    if (m_input.windowMs <= 0)
        m_input.windowMs = project.sources.windowMs;
    m_input.tolerance = m_request.spec.params.value(u"tolerance"_s, CostEvaluation::DEFAULT_TOLERANCE).toDouble();
    connect(m_source.get(), &CostSource::finished, this, &CostProbe::handleSnapshot);
    if (m_context.storePath.isEmpty() || m_context.deploymentId <= 0) {
        m_input.notes.append(u"no store for this run: the release-time projection and budget alerts are not kept"_s);
        fetch();
        return;
    }
    auto *watcher = new QFutureWatcher<CostLedger::Reading>(this);
    connect(watcher, &QFutureWatcher<CostLedger::Reading>::finished, this, [this, watcher] {
        const CostLedger::Reading read = watcher->result();
        watcher->deleteLater();
        if (m_cancelled) {
            finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
            return;
        }
        if (!read.error.isEmpty())
            m_input.notes.append(u"store: %1"_s.arg(read.error));
        m_input.releaseProjectionAt = read.projectedAt;
        m_input.releaseProjectionNanoUsd = read.projectedNanoUsd;
        fetch();
    });
    watcher->setFuture(QtConcurrent::run(&CostLedger::read, m_context.storePath, m_context.deploymentId));
}

void CostProbe::fetch()
{
    const QDate today = m_input.now.date();
    QDate from(today.year(), today.month(), 1);
    from = std::min(from, CostProjection::windowDays(m_input.windowMs, m_input.now).first);
    if (m_input.releaseProjectionAt)
        from = std::min(from, CostEvaluation::weekAfter(*m_input.releaseProjectionAt).first);
    m_fetchFrom = from;
    m_source->fetch(from, m_input.now);
}

void CostProbe::cancel()
{
    m_cancelled = true;
    if (m_source && m_source->isRunning())
        m_source->cancel();
}

void CostProbe::handleSnapshot()
{
    if (m_finished)
        return;
    if (m_cancelled) {
        finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
        return;
    }
    if (!m_source->succeeded()) {
        finishWith(ProbeResult::error(m_request.itemId, m_source->errorString()));
        return;
    }
    m_input.snapshot = m_source->snapshot();
    if (m_context.storePath.isEmpty() || m_context.deploymentId <= 0) {
        handleStored({});
        return;
    }
    auto *watcher = new QFutureWatcher<CostLedger::Reading>(this);
    connect(watcher, &QFutureWatcher<CostLedger::Reading>::finished, this, [this, watcher] {
        const CostLedger::Reading stored = watcher->result();
        watcher->deleteLater();
        handleStored(stored);
    });
    watcher->setFuture(QtConcurrent::run(&CostLedger::afterFetch, m_context.storePath, m_context.deploymentId,
                                         m_input.snapshot, m_fetchFrom, m_input.now,
                                         std::optional<qint64>(CostEvaluation::projectedNanoUsd(m_input))));
}

void CostProbe::handleStored(const CostLedger::Reading &stored)
{
    if (!stored.error.isEmpty())
        m_input.notes.append(u"store: %1"_s.arg(stored.error));
    m_input.notes.append(stored.notes);
    if (stored.projectedAt && !m_input.releaseProjectionAt) {
        m_input.releaseProjectionAt = stored.projectedAt;
        m_input.releaseProjectionNanoUsd = stored.projectedNanoUsd;
    }
    m_input.snapshot.mergeMarks(stored.marks);
    if (m_cancelled) {
        finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
        return;
    }
    const ProjectConfig &project = *m_context.project;
    if (!project.budget) {
        handleAlerts({{}, {}, {}, u"no budget configured"_s});
        return;
    }
    BudgetAlertLadder::Input ladder;
    ladder.storePath = m_context.storePath;
    ladder.deploymentId = m_context.deploymentId;
    ladder.projectName = project.name;
    ladder.budget = *project.budget;
    for (const QString &name : std::as_const(project.budget->notify)) {
        if (const NotifyChannelConfig *channel = project.notifyChannel(name))
            ladder.channels.append(*channel);
    }
    ladder.spendNanoUsd = m_input.snapshot.monthToDateNanoUsd;
    ladder.projectedNanoUsd = CostEvaluation::projectedNanoUsd(m_input);
    ladder.now = m_input.now;
    m_ladder = new BudgetAlertLadder(m_nam, this);
    connect(m_ladder, &BudgetAlertLadder::finished, this, &CostProbe::handleAlerts);
    m_ladder->run(ladder);
}

void CostProbe::handleAlerts(const BudgetAlertLadder::Outcome &outcome)
{
    m_input.notes.append(outcome.note());
    if (m_cancelled) {
        finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
        return;
    }
    ProbeResult result = CostEvaluation::evaluate(m_input, m_request.conditions);
    finishWith(result);
}

void CostProbe::finishWith(ProbeResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt;
    result.durationMs = m_elapsed.elapsed();
    emit finished(result);
}

void CostProbe::finishLater(ProbeResult result)
{
    QMetaObject::invokeMethod(this, [this, result] { finishWith(result); }, Qt::QueuedConnection);
}
