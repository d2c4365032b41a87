// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/BackgroundProbe.h"

#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

BackgroundProbe::BackgroundProbe(QString itemId, Work work, QObject *parent)
    : Probe(parent)
    , m_itemId(std::move(itemId))
    , m_work(std::move(work))
    , m_shared(std::make_shared<Shared>())
{
    connect(&m_watcher, &QFutureWatcher<ProbeResult>::finished, this, &BackgroundProbe::handleFinished);
    m_progressTimer.setInterval(PROGRESS_INTERVAL_MS);
    connect(&m_progressTimer, &QTimer::timeout, this, &BackgroundProbe::handleProgressTick);
}

BackgroundProbe::~BackgroundProbe()
{
    // Ask the worker to stop early; it owns copies of what it uses, so nothing here must outlive it.
    m_shared->cancel = true;
    m_watcher.disconnect(this);
}

void BackgroundProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_progressTimer.start();
    m_watcher.setFuture(QtConcurrent::run([work = m_work, shared = m_shared] { return work(*shared); }));
}

void BackgroundProbe::cancel()
{
    if (m_finished)
        return;
    m_shared->cancel = true;
    // Answer now rather than when the worker next polls; its late result is dropped.
    QMetaObject::invokeMethod(
        this, [this] { finish(ProbeResult::error(m_itemId, u"cancelled"_s)); }, Qt::QueuedConnection);
}

void BackgroundProbe::handleProgressTick()
{
    const qint64 done = m_shared->done.load();
    if (done == m_lastDone)
        return;
    m_lastDone = done;
    emit progressChanged(done, m_shared->total.load());
}

void BackgroundProbe::handleFinished()
{
    ProbeResult result = m_watcher.future().resultCount() > 0 ? m_watcher.result()
                                                              : ProbeResult::error(m_itemId, u"the scan stopped"_s);
    if (m_shared->cancel.load())
        result = ProbeResult::error(m_itemId, u"cancelled"_s);
    finish(std::move(result));
}

void BackgroundProbe::finish(ProbeResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_progressTimer.stop();
    result.itemId = m_itemId;
    if (!result.startedAt.isValid())
        result.startedAt = m_startedAt;
    if (result.durationMs == 0 && m_startedAt.isValid())
        result.durationMs = m_startedAt.msecsTo(QDateTime::currentDateTimeUtc());
    emit finished(result);
}
