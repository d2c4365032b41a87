// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoService.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
using Method = QHttpServerRequest::Method;

const QString AI_FLAG = u"ai-enabled"_s;
constexpr qsizetype MAX_MESSAGE_CHARS = 8000;

QStringList initialVersions(const DemoServiceOptions &options)
{
    QStringList versions;
    if (!options.previousVersion.isEmpty())
        versions.append(options.previousVersion);
    versions.append(options.currentVersion.isEmpty() ? u"v1.0.0"_s : options.currentVersion);
    return versions;
}

QString isoSeconds(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QJsonObject flagEvaluation(const QString &key, bool value)
{
    return {{u"key"_s, key}, {u"value"_s, value}, {u"reason"_s, u"STATIC"_s},
            {u"variant"_s, value ? u"on"_s : u"off"_s}};
}
} // namespace

DemoService::DemoService(DemoServiceOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_chatRules(m_options.canary)
    , m_cors(m_options.allowedOrigin)
    , m_rateLimiter(m_options.rateLimitCapacity, m_options.rateLimitPeriodMs)
    , m_fallbackRateLimiter(m_options.rateLimitCapacity, m_options.rateLimitPeriodMs)
    , m_state(m_options.stateDir, initialVersions(m_options), {{AI_FLAG, true}})
    , m_server(std::make_unique<QHttpServer>())
{
    m_clock.start();
    setupRoutes();
}

DemoService::~DemoService() = default;

bool DemoService::start(quint16 port)
{
    if (isListening())
        return true;
    QString stateError;
    if (!m_state.load(&stateError)) {
        m_errorString = u"demo state: "_s + stateError;
        return false;
    }
    m_startedAt = QDateTime::currentDateTimeUtc();
    const QDateTime now = m_options.now.isValid() ? m_options.now.toUTC() : m_startedAt;
    m_history = std::make_unique<DemoHistory>(now, m_options.historySeed, m_options.historyDays);
    m_usage = std::make_unique<DemoUsageApi>(*m_history, m_options.maxBudgetUsd);

    // Our own QTcpServer so that the bind address is loopback only and a failure has a reason.
    auto tcpServer = std::make_unique<QTcpServer>();
    if (!tcpServer->listen(QHostAddress::LocalHost, port)) {
        m_errorString = u"cannot listen on 127.0.0.1:%1: %2"_s.arg(port).arg(tcpServer->errorString());
        return false;
    }
    m_port = tcpServer->serverPort();
    m_tcpServer = tcpServer.release();
    m_server->bind(m_tcpServer); // the HTTP server takes ownership
    m_errorString.clear();
    return true;
}

bool DemoService::isListening() const
{
    return m_tcpServer && m_tcpServer->isListening();
}

QUrl DemoService::baseUrl() const
{
    if (!isListening())
        return {};
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_port);
    return url;
}

const DemoHistory &DemoService::history() const
{
    Q_ASSERT(m_history);
    return *m_history;
}

QString DemoService::currentVersion() const
{
    return m_state.currentVersion();
}

QString DemoService::previousVersion() const
{
    return m_state.previousVersion();
}

std::optional<bool> DemoService::flagValue(const QString &key) const
{
    return m_state.flag(key);
}

void DemoService::setupRoutes()
{
    QHttpServer &server = *m_server;
    using Responder = QHttpServerResponder;
    using Request = QHttpServerRequest;

    server.route(u"/health"_s, Method::Get, [this](const Request &, Responder &&responder) {
        send(responder, health());
    });

    server.route(u"/v1/chat"_s, Method::Post, [this](const Request &request, Responder &&responder) {
        handleChat(request, std::move(responder));
    });
    server.route(u"/v1/chat"_s, Method::Options, [this](const Request &request, Responder &&responder) {
        send(responder, chatPreflight(request));
    });

    const auto usageRoute = [this, &server](const QString &path, DemoReply (DemoUsageApi::*render)(const QUrlQuery &) const) {
        server.route(path, Method::Get, [this, render](const Request &request, Responder &&responder) {
            if (!isAuthorized(request)) {
                DemoReply reply = DemoReply::error(401, u"missing or invalid admin key (Authorization: Bearer ...)"_s);
                reply.addHeader("WWW-Authenticate", "Bearer realm=\"liftoff-demo\"");
                send(responder, reply);
                return;
            }
            send(responder, ((*m_usage).*render)(request.query()));
        });
    };
    usageRoute(u"/v1/organization/costs"_s, &DemoUsageApi::costs);
    usageRoute(u"/spend/logs"_s, &DemoUsageApi::spendLogs);
    usageRoute(u"/key/info"_s, &DemoUsageApi::keyInfo);

    server.route(u"/ofrep/v1/evaluate/flags"_s, Method::Post, [this](const Request &request, Responder &&responder) {
        if (auto rejected = rejectOversizedBody(request))
            return send(responder, *rejected);
        send(responder, evaluateAllFlags());
    });
    server.route(u"/ofrep/v1/evaluate/flags/<arg>"_s, Method::Post,
                 [this](const QString &key, const Request &request, Responder &&responder) {
                     if (auto rejected = rejectOversizedBody(request))
                         return send(responder, *rejected);
                     send(responder, evaluateFlag(key));
                 });
    server.route(u"/admin/flags/<arg>"_s, Method::Get, [this](const QString &key, const Request &, Responder &&responder) {
        send(responder, evaluateFlag(key));
    });
    server.route(u"/admin/flags/<arg>"_s, Method::Put,
                 [this](const QString &key, const Request &request, Responder &&responder) {
                     if (auto rejected = rejectOversizedBody(request))
                         return send(responder, *rejected);
                     send(responder, putFlag(key, request));
                 });

    server.route(u"/admin/version"_s, Method::Get, [this](const Request &, Responder &&responder) {
        send(responder, versionInfo());
    });
    server.route(u"/admin/rollback"_s, Method::Post, [this](const Request &request, Responder &&responder) {
        if (auto rejected = rejectOversizedBody(request))
            return send(responder, *rejected);
        send(responder, rollback());
    });
    server.route(u"/admin/deploy"_s, Method::Post, [this](const Request &request, Responder &&responder) {
        if (auto rejected = rejectOversizedBody(request))
            return send(responder, *rejected);
        send(responder, deploy(request));
    });

    // A stand-in for the team's Slack room: accepts incoming-webhook posts ({"text": ...}) so the demo's
    // alert items can send their test messages somewhere real.
    server.route(u"/webhooks/<arg>"_s, Method::Post,
                 [this](const QString &channel, const Request &request, Responder &&responder) {
                     if (auto rejected = rejectOversizedBody(request))
                         return send(responder, *rejected);
                     m_webhookMessages.append({channel, QString::fromUtf8(request.body().left(4096))});
                     if (m_webhookMessages.size() > 100)
                         m_webhookMessages.removeFirst();
                     DemoReply reply;
                     reply.status = 200;
                     reply.contentType = "text/plain";
                     reply.body = "ok";
                     send(responder, reply);
                 });

    server.setMissingHandler([this](const Request &request, Responder &&responder) {
        send(responder, missing(request));
    });
}

void DemoService::send(QHttpServerResponder &responder, const DemoReply &reply) const
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    if (!reply.contentType.isEmpty())
        responder.writeHeader("Content-Type", reply.contentType);
    responder.writeHeader("Cache-Control", "no-store");
    for (const auto &[name, value] : reply.headers)
        responder.writeHeader(name, value);
    responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    responder.writeBody(reply.body);
}

std::optional<DemoReply> DemoService::rejectOversizedBody(const QHttpServerRequest &request) const
{
    // Qt 6.4's QHttpServer has already buffered the body by now; the declared length is checked too
    // so that the answer names the limit either way.
    bool declared = false;
    const qint64 contentLength = request.value("Content-Length").trimmed().toLongLong(&declared);
    if ((declared && contentLength > m_options.maxBodyBytes) || request.body().size() > m_options.maxBodyBytes)
        return DemoReply::error(413, u"request body larger than %1 bytes"_s.arg(m_options.maxBodyBytes));
    return std::nullopt;
}

bool DemoService::isAuthorized(const QHttpServerRequest &request) const
{
    const QByteArray header = request.value("Authorization").trimmed();
    if (!header.startsWith("Bearer ") || m_options.adminToken.isEmpty())
        return false;
    return QString::fromUtf8(header.mid(7).trimmed()) == m_options.adminToken;
}

void DemoService::handleChat(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const auto cors = m_cors.headersFor(request.value("Origin"), false);
    const auto finish = [&cors](DemoReply reply) {
        reply.headers.append(cors);
        return reply;
    };

    if (auto rejected = rejectOversizedBody(request))
        return send(responder, finish(*rejected));

    // ?model=fallback stands for the app's route to its fallback model (config.md's fallback_probe example).
    const QString model = request.query().queryItemValue(u"model"_s);
    if (!model.isEmpty() && model != u"primary"_s && model != u"fallback"_s)
        return send(responder, finish(DemoReply::error(400, u"unknown model: use model=primary or model=fallback"_s)));
    const bool fallback = model == u"fallback"_s;

    const QString simulate = request.query().queryItemValue(u"simulate"_s);
    // The simulated failure paths (qa.timeout-handling, error handling) stand outside the per-client
    // bucket: in one check the burst probe drains it on purpose, and they must still show their path.
    const bool simulated = simulate == u"slow"_s || simulate == u"error"_s;
    DemoRateLimiter &limiter = fallback ? m_fallbackRateLimiter : m_rateLimiter;
    const auto decision = simulated ? DemoRateLimiter::Decision {true, 0}
                                    : limiter.check(request.remoteAddress().toString(), m_clock.elapsed());
    if (!decision.allowed) {
        DemoReply reply = DemoReply::error(429, u"rate limit exceeded: %1 requests per %2 ms per client"_s
                                                    .arg(m_options.rateLimitCapacity)
                                                    .arg(m_options.rateLimitPeriodMs));
        reply.addHeader("Retry-After", QByteArray::number(decision.retryAfterSeconds));
        return send(responder, finish(reply));
    }

    m_state.reloadIfChanged();
    if (!m_state.flag(AI_FLAG).value_or(true))
        return send(responder, finish(DemoReply::error(503, u"AI features are switched off (flag %1)"_s.arg(AI_FLAG))));

    if (simulate == u"error"_s)
        return send(responder, finish(DemoReply::error(500, u"internal error (simulated)"_s)));
    if (simulate == u"slow"_s) {
        if (m_pendingSlow >= m_options.maxPendingSlow)
            return send(responder, finish(DemoReply::error(503, u"too many slow requests waiting"_s)));
        DemoReply reply = m_options.slowAnswersGatewayTimeout
            ? DemoReply::error(504, u"the model did not answer in time; please try again"_s)
            : DemoReply::json(QJsonObject {{u"reply"_s, u"Sorry, that took longer than usual. How can I help?"_s},
                                           {u"degraded"_s, true}});
        // The responder is kept until the timer fires; the socket may be gone by then.
        auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
        QPointer<QTcpSocket> socket = pending->socket();
        ++m_pendingSlow;
        QTimer::singleShot(m_options.slowDelayMs, this, [this, pending, socket, reply = finish(reply)] {
            --m_pendingSlow;
            if (socket && socket->state() == QAbstractSocket::ConnectedState)
                send(*pending, reply);
        });
        return;
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    const QJsonValue message = document.object().value(u"message"_s);
    if (!document.isObject() || !message.isString())
        return send(responder, finish(DemoReply::error(400, u"expected a JSON object {\"message\": \"...\"}"_s)));
    if (message.toString().size() > MAX_MESSAGE_CHARS)
        return send(responder, finish(DemoReply::error(400, u"message longer than %1 characters"_s.arg(MAX_MESSAGE_CHARS))));
    const DemoChatAnswer answer = m_chatRules.answer(message.toString());
    QJsonObject body {{u"reply"_s, answer.reply}};
    if (fallback)
        body.insert(u"model"_s, m_options.fallbackModel);
    send(responder, finish(DemoReply::json(body)));
}

DemoReply DemoService::chatPreflight(const QHttpServerRequest &request) const
{
    DemoReply reply = DemoReply::empty(204);
    reply.headers = m_cors.headersFor(request.value("Origin"), true);
    return reply;
}

DemoReply DemoService::health()
{
    m_state.reloadIfChanged();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject body {
        {u"status"_s, u"pass"_s},
        {u"version"_s, m_state.currentVersion()},
        {u"releaseId"_s, m_state.currentVersion()},
        {u"serviceId"_s, u"liftoff-demo"_s},
        {u"description"_s, u"Liftoff demo support bot"_s},
        {u"checks"_s, QJsonObject {
             {u"llm:responseTime"_s, QJsonArray {QJsonObject {
                  {u"componentId"_s, u"demo-model"_s},
                  {u"componentType"_s, u"component"_s},
                  {u"observedValue"_s, 42},
                  {u"observedUnit"_s, u"ms"_s},
                  {u"status"_s, u"pass"_s},
                  {u"time"_s, isoSeconds(now)},
              }}},
             {u"uptime"_s, QJsonArray {QJsonObject {
                  {u"componentType"_s, u"system"_s},
                  {u"observedValue"_s, double(m_clock.elapsed()) / 1000.0},
                  {u"observedUnit"_s, u"s"_s},
                  {u"status"_s, u"pass"_s},
                  {u"time"_s, isoSeconds(now)},
              }}},
         }},
    };
    DemoReply reply = DemoReply::json(body);
    reply.contentType = "application/health+json";
    return reply;
}

DemoReply DemoService::evaluateFlag(const QString &key)
{
    m_state.reloadIfChanged();
    const auto value = DemoState::isValidFlagKey(key) ? m_state.flag(key) : std::nullopt;
    if (!value) {
        return DemoReply::json(QJsonObject {{u"key"_s, key.left(64)},
                                            {u"errorCode"_s, u"FLAG_NOT_FOUND"_s},
                                            {u"errorDetails"_s, u"flag is not defined"_s}},
                               404);
    }
    return DemoReply::json(flagEvaluation(key, *value));
}

DemoReply DemoService::evaluateAllFlags()
{
    m_state.reloadIfChanged();
    QJsonArray flags;
    const auto all = m_state.flags();
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        flags.append(flagEvaluation(it.key(), it.value()));
    return DemoReply::json(QJsonObject {{u"flags"_s, flags}});
}

DemoReply DemoService::putFlag(const QString &key, const QHttpServerRequest &request)
{
    if (!DemoState::isValidFlagKey(key))
        return DemoReply::error(400, u"flag keys are 1-64 characters of A-Z a-z 0-9 . _ -"_s);
    const QJsonValue value = QJsonDocument::fromJson(request.body()).object().value(u"value"_s);
    if (!value.isBool())
        return DemoReply::error(400, u"expected a JSON object {\"value\": true|false}"_s);
    if (!m_state.setFlag(key, value.toBool()))
        return DemoReply::error(409, u"too many flags"_s);
    emit flagChanged(key, value.toBool());
    return DemoReply::json(flagEvaluation(key, value.toBool()));
}

DemoReply DemoService::versionInfo()
{
    m_state.reloadIfChanged();
    const QString previous = m_state.previousVersion();
    return DemoReply::json(QJsonObject {
        {u"version"_s, m_state.currentVersion()},
        {u"previous"_s, previous.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(previous)},
        {u"history"_s, QJsonArray::fromStringList(m_state.versions())},
    });
}

DemoReply DemoService::rollback()
{
    const QString from = m_state.currentVersion();
    QString error;
    if (!m_state.rollback(&error))
        return DemoReply::error(409, error);
    if (!m_state.lastSaveError().isEmpty())
        return DemoReply::error(500, m_state.lastSaveError());
    emit versionChanged(m_state.currentVersion());
    DemoReply reply = versionInfo();
    QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    body.insert(u"rolledBackFrom"_s, from);
    return DemoReply::json(body);
}

DemoReply DemoService::deploy(const QHttpServerRequest &request)
{
    const QString version = request.query().queryItemValue(u"version"_s, QUrl::FullyDecoded);
    if (!DemoState::isValidVersion(version))
        return DemoReply::error(400, u"version= is required: 1-64 characters of A-Z a-z 0-9 . _ + -"_s);
    m_state.deploy(version);
    if (!m_state.lastSaveError().isEmpty())
        return DemoReply::error(500, m_state.lastSaveError());
    emit versionChanged(version);
    return versionInfo();
}

DemoReply DemoService::missing(const QHttpServerRequest &request) const
{
    static const QStringList knownPaths {u"/health"_s, u"/v1/chat"_s, u"/v1/organization/costs"_s, u"/spend/logs"_s,
                                         u"/key/info"_s, u"/ofrep/v1/evaluate/flags"_s, u"/admin/version"_s,
                                         u"/admin/rollback"_s, u"/admin/deploy"_s};
    const QString path = request.url().path();
    if (knownPaths.contains(path) || path.startsWith(u"/admin/flags/"_s)
        || path.startsWith(u"/ofrep/v1/evaluate/flags/"_s))
        return DemoReply::error(405, u"method not allowed on %1"_s.arg(path.left(100)));
    return DemoReply::error(404, u"no such endpoint: %1"_s.arg(path.left(100)));
}
