// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbeEngine.h"

#include "probes/Probe.h"
#include "probes/ProbeFactory.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace {
/** How long a probe may take to honour cancel() before the engine gives up on it. */
constexpr int CANCEL_GRACE_MS = 2000;
} // namespace

ProbeEngine::ProbeEngine(ProbeFactory *factory, QObject *parent) : QObject(parent), m_factory(factory)
{
    qRegisterMetaType<ProbeResult>();
}

ProbeEngine::~ProbeEngine()
{
    m_queue.clear();
    const QList<Run *> running = m_running;
    m_running.clear();
    for (Run *run : running) {
        if (run->probe) {
            run->probe->disconnect(this);
            run->probe->cancel();
        }
        delete run;
    }
}

void ProbeEngine::setLimits(int global, int perHost)
{
    m_globalLimit = qMax(1, global);
    m_perHostLimit = qMax(1, perHost);
    pump();
}

QString ProbeEngine::hostOf(const ProbeRequest &request)
{
    const QUrl url(request.spec.params.value(u"url"_s).toString());
    return url.isValid() ? url.host().toLower() + u':' + QString::number(url.port(-1)) : QString();
}

void ProbeEngine::enqueue(const QList<ProbeRequest> &requests)
{
    if (!isBusy()) {
        m_done = 0;
        m_total = 0;
    }
    for (const ProbeRequest &request : requests) {
        // A request for an item already queued or running replaces nothing: it runs once.
        const bool queued = std::any_of(m_queue.cbegin(), m_queue.cend(),
                                        [&](const auto &q) { return q.first.itemId == request.itemId; });
        const bool running = std::any_of(m_running.cbegin(), m_running.cend(),
                                         [&](const Run *r) { return r->request.itemId == request.itemId; });
        if (queued || running)
            continue;
        m_queue.append({request, 1});
        ++m_total;
    }
    emit progressChanged(m_done, m_total);
    pump();
}

int ProbeEngine::runningOn(const QString &host) const
{
    return static_cast<int>(std::count_if(m_running.cbegin(), m_running.cend(),
                                          [&](const Run *r) { return !host.isEmpty() && r->host == host; }));
}

void ProbeEngine::pump()
{
    for (qsizetype i = 0; i < m_queue.size() && m_running.size() < m_globalLimit;) {
        const QString host = hostOf(m_queue.at(i).first);
        if (!host.isEmpty() && runningOn(host) >= m_perHostLimit) {
            ++i;
            continue;
        }
        auto [request, attempt] = m_queue.takeAt(i);
        launch(std::move(request), attempt);
    }
    if (!isBusy())
        emit idle();
}

void ProbeEngine::launch(ProbeRequest request, int attempt)
{
    QString error;
    std::unique_ptr<Probe> probe = m_factory->create(request, &error);
    if (!probe) {
        ProbeResult result = ProbeResult::error(request.itemId, error);
        result.status = error.startsWith(u"no runner"_s) ? Status::NotReported : Status::Error;
        complete(result);
        return;
    }
    auto *run = new Run;
    run->request = std::move(request);
    run->probe = std::move(probe);
    run->host = hostOf(run->request);
    run->attempt = attempt;
    m_running.append(run);
    run->deadline.setSingleShot(true);
    run->grace.setSingleShot(true);
    connect(run->probe.get(), &Probe::finished, this, [this, run](const ProbeResult &r) { handleFinished(run, r); });
    connect(&run->deadline, &QTimer::timeout, this, [run] {
        run->timedOut = true;
        run->grace.start(CANCEL_GRACE_MS);
        run->probe->cancel();
    });
    connect(&run->grace, &QTimer::timeout, this, [this, run] {
        // The probe ignored cancel(): report the timeout ourselves.
        handleFinished(run, ProbeResult::error(run->request.itemId, QString()));
    });
    run->deadline.start(static_cast<int>(qBound(qint64(1), run->request.deadlineMs, qint64(24) * 3600 * 1000)));
    emit started(run->request.itemId);
    run->probe->start();
}

void ProbeEngine::handleFinished(Run *run, ProbeResult result)
{
    if (run->done)
        return;
    run->done = true;
    run->deadline.stop();
    run->grace.stop();
    m_running.removeOne(run);
    result.itemId = run->request.itemId;
    result.attempts = run->attempt;
    if (run->timedOut) {
        result.status = Status::Error;
        result.summary = u"no result within the deadline of %1 ms"_s.arg(run->request.deadlineMs);
    } else if (run->cancelled) {
        result.status = Status::Error;
        result.summary = u"cancelled"_s;
    }
    const bool retry = result.status == Status::Error && !run->cancelled && run->attempt <= run->request.retries;
    ProbeRequest request = run->request;
    const int attempt = run->attempt;
    // The probe may still be inside its own signal emission: delete it later.
    run->probe->disconnect(this);
    run->probe.release()->deleteLater();
    // Deferred: we may be inside one of the run's own timer signals.
    run->deadline.disconnect(this);
    run->grace.disconnect(this);
    QMetaObject::invokeMethod(this, [run] { delete run; }, Qt::QueuedConnection);
    if (retry) {
        m_queue.prepend({request, attempt + 1});
        pump();
        return;
    }
    complete(result);
    pump();
}

void ProbeEngine::complete(ProbeResult result)
{
    ++m_done;
    // Every result leaves through here to the store and the screen: the last fence for key shapes.
    result.redact({});
    emit resultReady(result);
    emit progressChanged(m_done, m_total);
}

void ProbeEngine::cancel(const QString &itemId)
{
    for (qsizetype i = m_queue.size() - 1; i >= 0; --i) {
        if (m_queue.at(i).first.itemId == itemId) {
            ProbeResult r = ProbeResult::error(itemId, u"cancelled"_s);
            m_queue.removeAt(i);
            complete(r);
        }
    }
    const QList<Run *> running = m_running;
    for (Run *run : running) {
        if (m_running.contains(run) && run->request.itemId == itemId && !run->cancelled) {
            run->cancelled = true;
            run->grace.start(CANCEL_GRACE_MS);
            run->probe->cancel();
        }
    }
    if (!isBusy())
        emit idle();
}

void ProbeEngine::cancelAll()
{
    const auto queued = m_queue;
    m_queue.clear();
    for (const auto &q : queued)
        complete(ProbeResult::error(q.first.itemId, u"cancelled"_s));
    const QList<Run *> running = m_running;
    for (Run *run : running) {
        if (m_running.contains(run) && !run->cancelled) {
            run->cancelled = true;
            run->grace.start(CANCEL_GRACE_MS);
            run->probe->cancel();
        }
    }
    if (!isBusy())
        emit idle();
}
