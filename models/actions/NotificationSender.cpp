// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/NotificationSender.h"

#include "config/SecretResolver.h"
#include "scan/SecretRedactor.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_ANSWER_BYTES = 4096;
constexpr qsizetype ANSWER_SNIPPET = 200;
/** Parts of a webhook URL at least this long are treated as tokens; shorter ones are words like "services". */
constexpr qsizetype MIN_TOKEN_LENGTH = 12;

/** Slack's mrkdwn treats &, < and > as control characters. */
QString slackEscaped(const QString &text)
{
    QString out = text;
    out.replace(u'&', u"&amp;"_s).replace(u'<', u"&lt;"_s).replace(u'>', u"&gt;"_s);
    return out;
}

struct Resolved
{
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QStringList secrets;
};

std::optional<Resolved> resolve(const NotifyChannelConfig &channel, QString *errorMessage)
{
    Resolved r;
    QString error;
    const std::optional<QString> url = SecretResolver::resolve(channel.url, &error);
    if (!url) {
        *errorMessage = u"channel %1: %2"_s.arg(channel.name, error);
        return std::nullopt;
    }
    r.url = QUrl(*url);
    // Error texts quote the URL in normalised form, or just its path: hide every spelling.
    r.secrets.append(*url);
    QStringList parts {r.url.toString(), r.url.path(), r.url.query()};
    // A service may echo just the token (a path segment or a query value) in an error answer.
    parts += r.url.path().split(u'/', Qt::SkipEmptyParts);
    for (const auto &[key, value] : QUrlQuery(r.url).queryItems(QUrl::FullyDecoded))
        parts.append(value);
    for (const QString &part : std::as_const(parts)) {
        if (part.size() >= MIN_TOKEN_LENGTH && !r.secrets.contains(part))
            r.secrets.append(part);
    }
    if (!r.url.isValid() || (r.url.scheme() != u"https" && r.url.scheme() != u"http") || r.url.host().isEmpty()) {
        *errorMessage = u"channel %1: %2 does not hold an http(s) URL"_s.arg(channel.name, channel.url.toString());
        return std::nullopt;
    }
    for (auto it = channel.headers.begin(); it != channel.headers.end(); ++it) {
        const std::optional<QString> value = it.value().resolve(&error);
        if (!value) {
            *errorMessage = u"channel %1, header %2: %3"_s.arg(channel.name, it.key(), error);
            return std::nullopt;
        }
        if (it.value().isSecret())
            r.secrets.append(*value);
        r.headers.append({it.key().toUtf8(), value->toUtf8()});
    }
    // Longest first, so that a secret containing another is hidden whole.
    std::sort(r.secrets.begin(), r.secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return r;
}
} // namespace

NotificationSender::NotificationSender(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
}

NotificationSender::~NotificationSender()
{
    const QList<QNetworkReply *> replies = m_inFlight.keys();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

QString NotificationSender::kindName(NotifyChannelConfig::Kind kind)
{
    switch (kind) {
    case NotifyChannelConfig::Kind::Slack: return u"slack"_s;
    case NotifyChannelConfig::Kind::Discord: return u"discord"_s;
    case NotifyChannelConfig::Kind::Webhook: return u"webhook"_s;
    }
    return {};
}

QByteArray NotificationSender::payload(NotifyChannelConfig::Kind kind, const Notification &n, const QDateTime &sentAt)
{
    QJsonObject body;
    switch (kind) {
    case NotifyChannelConfig::Kind::Slack: {
        // Incoming webhooks: "text" is required and is what notifications show.
        QStringList lines {u"*%1*"_s.arg(slackEscaped(n.title))};
        for (const auto &[name, value] : n.fields)
            lines.append(u"*%1:* %2"_s.arg(slackEscaped(name), slackEscaped(value)));
        body.insert(u"text"_s, lines.join(u'\n'));
        break;
    }
    case NotifyChannelConfig::Kind::Discord: {
        QStringList lines {u"**%1**"_s.arg(n.title)};
        for (const auto &[name, value] : n.fields)
            lines.append(u"**%1:** %2"_s.arg(name, value));
        QString content = lines.join(u'\n');
        if (content.size() > DISCORD_MAX_CONTENT)
            content = content.left(DISCORD_MAX_CONTENT - 1) + u'…';
        body.insert(u"content"_s, content);
        body.insert(u"username"_s, u"Liftoff"_s);
        // Text from a config or an app must never ping @everyone or a role.
        body.insert(u"allowed_mentions"_s, QJsonObject {{u"parse"_s, QJsonArray {}}});
        break;
    }
    case NotifyChannelConfig::Kind::Webhook: {
        QJsonObject fields;
        for (const auto &[name, value] : n.fields)
            fields.insert(name, value);
        body.insert(u"event"_s, n.event);
        body.insert(u"project"_s, n.project);
        body.insert(u"title"_s, n.title);
        body.insert(u"message"_s, n.plainText());
        body.insert(u"fields"_s, fields);
        body.insert(u"sentAt"_s, sentAt.toUTC().toString(Qt::ISODateWithMs));
        break;
    }
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

bool NotificationSender::canResolve(const NotifyChannelConfig &channel, QString *errorMessage)
{
    return resolve(channel, errorMessage).has_value();
}

quint64 NotificationSender::send(const NotifyChannelConfig &channel, const Notification &notification)
{
    const quint64 ticket = m_nextTicket++;
    NotificationResult result;
    result.channel = channel.name;
    result.kind = channel.kind;
    QString error;
    const std::optional<Resolved> resolved = resolve(channel, &error);
    if (!resolved) {
        result.outcome = NotificationResult::Outcome::SecretMissing;
        result.error = error;
        finishLater(ticket, result);
        return ticket;
    }
    QNetworkRequest request(resolved->url);
    // A redirect would carry the message somewhere nobody configured: never follow one.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(static_cast<int>(qBound(qint64(1), m_timeoutMs, qint64(600000))));
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      u"Liftoff/%1 (alert notifier)"_s.arg(QStringLiteral(LIFTOFF_VERSION)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : resolved->headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_nam->post(request, payload(channel.kind, notification, QDateTime::currentDateTimeUtc()));
    InFlight flight;
    flight.ticket = ticket;
    flight.result = result;
    flight.secrets = resolved->secrets;
    flight.startedMs = QDateTime::currentMSecsSinceEpoch();
    m_inFlight.insert(reply, flight);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        auto it = m_inFlight.find(reply);
        if (it == m_inFlight.end())
            return;
        const qsizetype room = MAX_ANSWER_BYTES - it->answer.size();
        it->answer += reply->read(qMax<qsizetype>(0, room));
        reply->skip(reply->bytesAvailable());
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { handleFinished(reply); });
    return ticket;
}

void NotificationSender::cancelAll()
{
    for (auto it = m_inFlight.begin(); it != m_inFlight.end(); ++it)
        it->cancelled = true;
    const QList<QNetworkReply *> replies = m_inFlight.keys();
    for (QNetworkReply *reply : replies)
        reply->abort();
}

void NotificationSender::handleFinished(QNetworkReply *reply)
{
    const auto it = m_inFlight.find(reply);
    if (it == m_inFlight.end())
        return;
    InFlight flight = *it;
    m_inFlight.erase(it);
    reply->deleteLater();
    const qsizetype room = MAX_ANSWER_BYTES - flight.answer.size();
    if (reply->isOpen()) // an aborted reply is closed
        flight.answer += reply->read(qMax<qsizetype>(0, room));

    NotificationResult result = flight.result;
    result.durationMs = QDateTime::currentMSecsSinceEpoch() - flight.startedMs;
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (flight.cancelled) {
        result.outcome = NotificationResult::Outcome::Unreachable;
        result.error = u"cancelled"_s;
    } else if (result.httpStatus >= 200 && result.httpStatus < 300) {
        result.outcome = NotificationResult::Outcome::Delivered;
    } else if (result.httpStatus > 0) {
        result.outcome = NotificationResult::Outcome::Rejected;
        result.error = u"answered %1"_s.arg(result.httpStatus);
        // Redacted before it is cut: the head of a cut key would no longer look like one.
        result.answer = SecretRedactor::redact(QString::fromUtf8(flight.answer), flight.secrets).left(ANSWER_SNIPPET);
    } else {
        result.outcome = NotificationResult::Outcome::Unreachable;
        const QNetworkReply::NetworkError error = reply->error();
        result.error = error == QNetworkReply::TimeoutError || error == QNetworkReply::OperationCanceledError
            ? u"no answer within %1 ms"_s.arg(m_timeoutMs)
            // The error text can quote the URL, which is the secret of a webhook.
            : SecretRedactor::redact(reply->errorString(), flight.secrets);
    }
    emit finished(flight.ticket, result);
}

void NotificationSender::finishLater(quint64 ticket, const NotificationResult &result)
{
    // Let the caller store the ticket before its result arrives.
    QMetaObject::invokeMethod(this, [this, ticket, result] { emit finished(ticket, result); }, Qt::QueuedConnection);
}
