// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/Notification.h"
#include "actions/NotificationResult.h"
#include "config/NotifyChannelConfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

/**
 * Sends a Notification to alert channels in each service's documented payload shape: a Slack
 * incoming webhook ({"text"}), a Discord webhook ({"content", "username"}, mentions disabled) or a
 * generic JSON webhook ({"event", "project", "title", "message", "fields", "sentAt"} with its
 * configured headers). Webhook URLs and header references are resolved at send time and never
 * appear in results or logs. Asynchronous: one finished() per send(), in any order.
 */
class NotificationSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationSender)

public:
    static constexpr qint64 DEFAULT_TIMEOUT_MS = 10000;
    /** Discord rejects longer content. */
    static constexpr qsizetype DISCORD_MAX_CONTENT = 2000;

    explicit NotificationSender(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~NotificationSender() override;

    void setTimeout(qint64 ms) { m_timeoutMs = ms; }
    /** Starts sending; the returned ticket comes back with finished(). */
    quint64 send(const NotifyChannelConfig &channel, const Notification &notification);
    /** Aborts every send in flight; each still finishes (Unreachable, "cancelled"). */
    void cancelAll();
    bool isBusy() const { return !m_inFlight.isEmpty(); }

    /** The JSON body for a channel kind. Pure. */
    static QByteArray payload(NotifyChannelConfig::Kind kind, const Notification &notification,
                              const QDateTime &sentAt);
    /** Resolves every reference of the channel; on failure the error names the reference. */
    static bool canResolve(const NotifyChannelConfig &channel, QString *errorMessage);
    /** "slack", "discord" or "webhook". */
    static QString kindName(NotifyChannelConfig::Kind kind);

signals:
    void finished(quint64 ticket, const NotificationResult &result);

private:
    struct InFlight
    {
        quint64 ticket = 0;
        NotificationResult result;
        QStringList secrets;
        QByteArray answer;
        qint64 startedMs = 0;
        bool timedOut = false;
        bool cancelled = false;
    };

    void handleFinished(QNetworkReply *reply);
    void finishLater(quint64 ticket, const NotificationResult &result);

    QNetworkAccessManager *m_nam;
    qint64 m_timeoutMs = DEFAULT_TIMEOUT_MS;
    quint64 m_nextTicket = 1;
    QHash<QNetworkReply *, InFlight> m_inFlight;
};
