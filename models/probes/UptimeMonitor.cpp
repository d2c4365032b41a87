// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/UptimeMonitor.h"

#include "probes/HttpEvaluation.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace {
/** Enough for any health document; more is not read. */
constexpr qsizetype MAX_BODY_BYTES = 64 * 1024;
} // namespace

UptimeMonitor::UptimeMonitor(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
    m_timer.setInterval(static_cast<int>(DEFAULT_INTERVAL_MS));
    connect(&m_timer, &QTimer::timeout, this, &UptimeMonitor::poll);
}

UptimeMonitor::~UptimeMonitor()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void UptimeMonitor::setTarget(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    m_url = url;
    m_headers = headers;
}

void UptimeMonitor::setInterval(qint64 everyMs)
{
    m_timer.setInterval(static_cast<int>(qBound(qint64(10), everyMs, qint64(24) * 3600 * 1000)));
}

void UptimeMonitor::setCapacity(qsizetype capacity)
{
    const QList<UptimeSample> kept = samples();
    m_capacity = qMax<qsizetype>(1, capacity);
    m_ring = kept.mid(qMax<qsizetype>(0, kept.size() - m_capacity));
    m_next = 0;
}

void UptimeMonitor::start()
{
    if (m_timer.isActive())
        return;
    m_timer.start();
    poll();
}

void UptimeMonitor::stop()
{
    m_timer.stop();
    if (m_reply) {
        // An interrupted poll says nothing about the service: it is dropped, not recorded.
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

QList<UptimeSample> UptimeMonitor::samples() const
{
    if (m_ring.size() < m_capacity || m_next == 0)
        return m_ring;
    return m_ring.mid(m_next) + m_ring.mid(0, m_next);
}

void UptimeMonitor::addSamples(const QList<UptimeSample> &samples)
{
    for (const UptimeSample &sample : samples)
        record(sample);
}

void UptimeMonitor::record(const UptimeSample &sample)
{
    if (m_ring.size() < m_capacity) {
        m_ring.append(sample);
        return;
    }
    m_ring[m_next] = sample;
    m_next = (m_next + 1) % m_capacity;
}

void UptimeMonitor::poll()
{
    if (m_reply || !m_url.isValid())
        return; // the previous poll is still within its timeout
    QNetworkRequest request(m_url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    // A poll still running when the timer fires is left alone, so its timeout may use the whole interval.
    const qint64 timeout = qMax<qint64>(1, qMin<qint64>(m_timeoutMs, m_timer.interval()));
    request.setTransferTimeout(static_cast<int>(timeout));
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      u"Liftoff/%1 (uptime monitor)"_s.arg(QStringLiteral(LIFTOFF_VERSION)));
    for (const auto &[name, value] : std::as_const(m_headers))
        request.setRawHeader(name, value);
    m_body.clear();
    m_pollAt = QDateTime::currentDateTimeUtc();
    m_elapsed.start();
    m_reply = m_nam->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (!m_reply)
            return;
        m_body += m_reply->read(qMax<qsizetype>(0, MAX_BODY_BYTES - m_body.size()));
        m_reply->skip(m_reply->bytesAvailable());
    });
    connect(m_reply, &QNetworkReply::finished, this, &UptimeMonitor::handleFinished);
}

void UptimeMonitor::handleFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (reply->isOpen()) // an aborted (timed-out) reply is closed
        m_body += reply->read(qMax<qsizetype>(0, MAX_BODY_BYTES - m_body.size()));
    UptimeSample sample;
    sample.at = m_pollAt;
    sample.statusCode = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool answered = sample.statusCode > 0 && reply->error() != QNetworkReply::OperationCanceledError
        && reply->error() != QNetworkReply::TimeoutError;
    if (!answered)
        sample.statusCode = 0;
    sample.latencyMs = answered ? m_elapsed.elapsed() : -1;
    sample.ok = answered && sample.statusCode >= 200 && sample.statusCode < 300
        && HttpEvaluation::healthStatusOf(m_body) != u"fail";
    m_body.clear();
    record(sample);
    emit sampleRecorded(sample);
}
