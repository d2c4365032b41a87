// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/ReleaseCostProjection.h"

#include "config/ProjectConfig.h"
#include "probes/CostEvaluation.h"
#include "sources/CostSource.h"
#include "sources/UsdAmount.h"

#include <QFutureWatcher>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace {
QString dollars(qint64 nanos)
{
    return u"$%1"_s.arg(UsdAmount::toDouble(nanos), 0, 'f', 2);
}
} // namespace

ReleaseCostProjection::ReleaseCostProjection(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_source && m_source->isRunning()) {
            m_timedOut = true;
            m_source->cancel();
        }
    });
}

ReleaseCostProjection::~ReleaseCostProjection() = default;

void ReleaseCostProjection::run(const ProjectConfig &project, const QString &storePath, qint64 deploymentId,
                                const QDateTime &releasedAt)
{
    if (m_running)
        return;
    m_running = true;
    m_storePath = storePath;
    m_deploymentId = deploymentId;
    m_releasedAt = releasedAt.toUTC();
    if (!project.sources.cost) {
        finishLater({false, true, u"no cost source (sources.cost): no month-end projection recorded"_s});
        return;
    }
    m_source = CostSource::create(m_nam, *project.sources.cost);
    connect(m_source.get(), &CostSource::finished, this, &ReleaseCostProjection::handleFetched);
    m_deadline.start(m_deadlineMs);
    const QDate today = m_releasedAt.date();
    m_source->fetch(QDate(today.year(), today.month(), 1), m_releasedAt);
}

void ReleaseCostProjection::handleFetched()
{
    m_deadline.stop();
    if (!m_source->succeeded()) {
        const QString why = m_timedOut ? u"%1 gave no answer within %2 s"_s.arg(m_source->providerName()).arg(m_deadlineMs / 1000)
                                       : m_source->errorString();
        finishWith({false, false,
                    u"no month-end projection at release: %1; the first cost check after release records it "
                    u"instead"_s.arg(why)});
        return;
    }
    CostEvaluation::Input input;
    input.snapshot = m_source->snapshot();
    input.now = m_releasedAt;
    const qint64 projected = CostEvaluation::projectedNanoUsd(input);
    auto *watcher = new QFutureWatcher<CostLedger::Reading>(this);
    connect(watcher, &QFutureWatcher<CostLedger::Reading>::finished, this, [this, watcher, projected] {
        const CostLedger::Reading reading = watcher->result();
        watcher->deleteLater();
        handleStored(reading, projected);
    });
    watcher->setFuture(QtConcurrent::run(&CostLedger::recordAtRelease, m_storePath, m_deploymentId, input.snapshot,
                                         m_releasedAt, projected));
}

void ReleaseCostProjection::handleStored(const CostLedger::Reading &reading, qint64 projectedNanoUsd)
{
    if (!reading.error.isEmpty()) {
        finishWith({false, false, u"no month-end projection at release: the store refused it: %1"_s.arg(reading.error)});
        return;
    }
    const CostSnapshot &snapshot = m_source->snapshot();
    if (reading.projectedAt && reading.projectedNanoUsd && *reading.projectedAt != m_releasedAt) {
        finishWith({true, false,
                    u"kept the month-end projection made on %1: %2"_s.arg(
                        reading.projectedAt->toUTC().toString(Qt::ISODate), dollars(*reading.projectedNanoUsd))});
        return;
    }
    finishWith({true, false,
                u"month-end projection at release: %1 (%2, %3 spent this month so far); w1.cost-projection compares "
                u"the week after release with it"_s.arg(dollars(projectedNanoUsd), snapshot.source,
                                                         dollars(snapshot.monthToDateNanoUsd))});
}

void ReleaseCostProjection::finishWith(const Outcome &outcome)
{
    if (!m_running)
        return;
    m_running = false;
    emit finished(outcome);
}

void ReleaseCostProjection::finishLater(const Outcome &outcome)
{
    QMetaObject::invokeMethod(this, [this, outcome] { finishWith(outcome); }, Qt::QueuedConnection);
}
