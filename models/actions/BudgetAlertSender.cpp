// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/BudgetAlertSender.h"

#include "actions/CommandRunner.h"
#include "config/SecretResolver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

BudgetAlertSender::BudgetAlertSender(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
}

BudgetAlertSender::~BudgetAlertSender()
{
    for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
        it.key()->deleteLater();
    }
}

QByteArray BudgetAlertSender::payload(NotifyChannelConfig::Kind kind, const QString &project, const QString &message)
{
    QJsonObject body;
    switch (kind) {
    case NotifyChannelConfig::Kind::Slack:
        body = {{u"text"_s, message}};
        break;
    case NotifyChannelConfig::Kind::Discord:
        body = {{u"content"_s, message.left(2000)}, {u"username"_s, u"Liftoff"_s},
                {u"allowed_mentions"_s, QJsonObject {{u"parse"_s, QJsonArray()}}}};
        break;
    case NotifyChannelConfig::Kind::Webhook:
        body = {{u"event"_s, u"liftoff.budget"_s}, {u"project"_s, project}, {u"message"_s, message}};
        break;
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void BudgetAlertSender::send(const QList<NotifyChannelConfig> &channels, const QString &project,
                             const QString &message)
{
    m_deliveries.clear();
    m_pending = int(channels.size());
    if (channels.isEmpty()) {
        QMetaObject::invokeMethod(this, [this] { emit finished({}); }, Qt::QueuedConnection);
        return;
    }
    for (const NotifyChannelConfig &channel : channels) {
        QString error;
        const std::optional<QString> url = SecretResolver::resolve(channel.url, &error);
        if (!url) {
            QMetaObject::invokeMethod(this, [this, line = u"%1: not sent (%2)"_s.arg(channel.name, error)] { done(line); },
                                      Qt::QueuedConnection);
            continue;
        }
        m_secrets.append(*url);
        QNetworkRequest request {QUrl(*url)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setTransferTimeout(TIMEOUT_MS);
        bool headersOk = true;
        for (auto it = channel.headers.cbegin(); it != channel.headers.cend(); ++it) {
            const std::optional<QString> value = it.value().resolve(&error);
            if (!value) {
                headersOk = false;
                break;
            }
            if (it.value().isSecret())
                m_secrets.append(*value);
            request.setRawHeader(it.key().toUtf8(), value->toUtf8());
        }
        if (!headersOk) {
            QMetaObject::invokeMethod(this, [this, line = u"%1: not sent (%2)"_s.arg(channel.name, error)] { done(line); },
                                      Qt::QueuedConnection);
            continue;
        }
        QNetworkReply *reply = m_nam->post(request, payload(channel.kind, project, message));
        m_inFlight.insert(reply, channel.name);
        connect(reply, &QNetworkReply::finished, this, [this, reply] { handleFinished(reply); });
    }
}

void BudgetAlertSender::handleFinished(QNetworkReply *reply)
{
    const QString name = m_inFlight.take(reply);
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300)
        done(u"%1: delivered (HTTP %2)"_s.arg(name).arg(status));
    else if (status > 0)
        done(u"%1: rejected (HTTP %2)"_s.arg(name).arg(status));
    else
        done(u"%1: unreachable (%2)"_s.arg(name, CommandRunner::redact(reply->errorString(), m_secrets)));
}

void BudgetAlertSender::done(const QString &line)
{
    m_deliveries.append(line);
    if (--m_pending > 0)
        return;
    m_secrets.clear();
    emit finished(m_deliveries);
}
