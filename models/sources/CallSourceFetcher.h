// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/CallSourceConfig.h"
#include "sources/CallSourceInput.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

/**
 * Gets the configured call sources (`sources.calls`) ready to read: file paths are resolved
 * against the config folder, HTTP sources (LiteLLM `GET /spend/logs` with the master key from its
 * secret reference) are fetched on the owning thread's event loop, bounded in size and time.
 * Parsing is not done here: the CallSourceInput values it delivers are read on a worker thread.
 */
class CallSourceFetcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallSourceFetcher)

public:
    static constexpr qint64 DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 60000;

    explicit CallSourceFetcher(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~CallSourceFetcher() override;

    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    void setTimeoutMs(qint64 ms) { m_timeoutMs = ms; }

    /**
     * Starts getting @p sources (relative paths against @p configDir). @p sinceMs asks HTTP
     * sources for calls from that day on (LiteLLM start_date) instead of their whole history.
     * finished() follows exactly once, always queued.
     */
    void fetch(const QList<CallSourceConfig> &sources, const QString &configDir, std::optional<qint64> sinceMs);
    /** Stops the fetches; finished() still follows, with the unfinished sources in error. */
    void abort();
    /** Secret values used so far (to redact from anything shown). */
    QStringList secrets() const { return m_secrets; }
    /** The URL of a LiteLLM source's raw spend logs from @p sinceMs on (pure; tests). */
    static QUrl liteLlmSpendLogsUrl(const QString &baseUrl, std::optional<qint64> sinceMs, qint64 nowMs);

signals:
    void finished(const QList<CallSourceInput> &inputs);

private:
    struct Pending
    {
        qsizetype index = 0;
        QPointer<QNetworkReply> reply;
    };
    void startLiteLlm(qsizetype index, const CallSourceConfig &source, std::optional<qint64> sinceMs);
    void handleReadyRead(qsizetype index);
    /** Appends what the reply has, within the size bound; false once the source is in error. */
    bool appendBody(qsizetype index, QNetworkReply *reply);
    void handleFinished(qsizetype index);
    void finishIfDone();

    QNetworkAccessManager *m_nam;
    QList<CallSourceInput> m_inputs;
    QList<Pending> m_pending;
    QStringList m_secrets;
    QTimer m_timeout;
    qint64 m_maxBytes = DEFAULT_MAX_BYTES;
    qint64 m_timeoutMs = DEFAULT_TIMEOUT_MS;
    bool m_running = false;
    bool m_timedOut = false;
};
