// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/UptimeSample.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <utility>

class QNetworkAccessManager;

/**
 * Polls one health URL on a schedule (`uptime.every`) while the app runs and keeps the samples in
 * a bounded ring in memory; each new sample is also announced through sampleRecorded() so that the
 * owner can persist it. A poll is up when the answer is 2xx and its health document, if any, does
 * not say fail. One poll at a time, each with a short timeout; never blocks.
 */
class UptimeMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UptimeMonitor)

public:
    static constexpr qint64 DEFAULT_INTERVAL_MS = 60 * 1000;
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 5000;
    /** A week of one-minute polls. */
    static constexpr qsizetype DEFAULT_CAPACITY = 7 * 24 * 60;

    explicit UptimeMonitor(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~UptimeMonitor() override;

    /** What to poll; headers are sent as given (resolve secret references before). */
    void setTarget(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    QUrl url() const { return m_url; }
    void setInterval(qint64 everyMs);
    /** The timeout of one poll; never more than the interval. */
    void setTimeout(qint64 ms) { m_timeoutMs = ms; }
    /** The most samples kept; the oldest go first. */
    void setCapacity(qsizetype capacity);

    /** Polls at once, then every interval. */
    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }

    /** The kept samples, oldest first. */
    QList<UptimeSample> samples() const;
    /** Adds samples from elsewhere (e.g. loaded from the store at startup), oldest first. */
    void addSamples(const QList<UptimeSample> &samples);

signals:
    void sampleRecorded(const UptimeSample &sample);

private:
    void poll();
    void handleFinished();
    void record(const UptimeSample &sample);

    QNetworkAccessManager *m_nam;
    QUrl m_url;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    QTimer m_timer;
    qint64 m_timeoutMs = DEFAULT_TIMEOUT_MS;
    qsizetype m_capacity = DEFAULT_CAPACITY;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_body;
    QElapsedTimer m_elapsed;
    QDateTime m_pollAt;
    QList<UptimeSample> m_ring;
    qsizetype m_next = 0; ///< where the next sample goes once the ring is full
};
