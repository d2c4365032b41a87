// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/NotifyChannelConfig.h"

#include <QHash>
#include <QObject>
#include <QStringList>

class QNetworkAccessManager;
class QNetworkReply;

/**
 * A minimal alert sender for budget alerts: POSTs one message to Slack ({"text"}), Discord
 * ({"content"}, mentions disabled) or a generic JSON webhook ({"event", "project", "message"} plus
 * its configured headers). URLs and header references are resolved at send time and never appear
 * in the results. Stands in until the shared NotificationSender (branch `burst`) is on main.
 */
class BudgetAlertSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BudgetAlertSender)

public:
    static constexpr int TIMEOUT_MS = 10000;

    explicit BudgetAlertSender(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~BudgetAlertSender() override;

    /** Sends to every channel; finished() once all answered, with one line per channel. */
    void send(const QList<NotifyChannelConfig> &channels, const QString &project, const QString &message);
    /** The JSON body for a channel kind. Pure. */
    static QByteArray payload(NotifyChannelConfig::Kind kind, const QString &project, const QString &message);

signals:
    void finished(const QStringList &deliveries);

private:
    void handleFinished(QNetworkReply *reply);
    void done(const QString &line);

    QNetworkAccessManager *m_nam;
    QHash<QNetworkReply *, QString> m_inFlight; ///< reply → channel name
    QStringList m_secrets;
    QStringList m_deliveries;
    int m_pending = 0;
};
