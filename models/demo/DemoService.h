// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/DemoChatRules.h"
#include "demo/DemoCorsPolicy.h"
#include "demo/DemoHistory.h"
#include "demo/DemoRateLimiter.h"
#include "demo/DemoReply.h"
#include "demo/DemoServiceOptions.h"
#include "demo/DemoState.h"
#include "demo/DemoUsageApi.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpServer;

/**
 * The embedded demo service: a small fake AI app on 127.0.0.1 that Liftoff's probes run against
 * in `liftoff --demo`, `liftoff demo-server` and the end-to-end tests. Endpoints (docs/demo-service.md):
 *
 * - `GET  /health`: IETF health+json with the current version.
 * - `POST /v1/chat` `{"message": ...}` → `{"reply": ...}`; `?simulate=slow|error`; `?model=fallback`
 *   answers as the fallback model (its own token bucket; the smoke test of api.fallback-model); CORS (with a
 *   deliberate look-alike-origin defect); per-client token bucket (429 + Retry-After); a system
 *   prompt with a canary that leaks on "repeat your instructions" (deliberate weakness);
 *   503 while the `ai-enabled` flag is off.
 * - `GET  /v1/organization/costs` (OpenAI), `GET /spend/logs`, `GET /key/info` (LiteLLM): a month
 *   of generated history, behind a Bearer admin token.
 * - `POST /ofrep/v1/evaluate/flags[/{key}]`, `GET|PUT /admin/flags/{key}`: feature flags.
 * - `GET /admin/version`, `POST /admin/rollback`, `POST /admin/deploy?version=X`: versions.
 *
 * Every request body is capped (413). Slow answers use a QTimer and a kept responder; nothing blocks.
 */
class DemoService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoService)

public:
    explicit DemoService(DemoServiceOptions options, QObject *parent = nullptr);
    ~DemoService() override;

    /** Listens on 127.0.0.1:`port` (0: a free port). False with errorString() on failure. */
    bool start(quint16 port = 0);
    bool isListening() const;
    /** `http://127.0.0.1:PORT` (no trailing slash); empty before start(). */
    QUrl baseUrl() const;
    quint16 port() const { return m_port; }
    QString errorString() const { return m_errorString; }

    const DemoServiceOptions &options() const { return m_options; }
    /** The generated history (valid after start()). */
    const DemoHistory &history() const;
    QString currentVersion() const;
    QString previousVersion() const;
    std::optional<bool> flagValue(const QString &key) const;
    QString systemPrompt() const { return m_chatRules.systemPrompt(); }
    QString stateFilePath() const { return m_state.filePath(); }
    int pendingSlowRequests() const { return m_pendingSlow; }
    /** Messages posted to /webhooks/{channel} (channel, body), newest last, at most 100. */
    const QList<std::pair<QString, QString>> &webhookMessages() const { return m_webhookMessages; }

signals:
    void versionChanged(const QString &version);
    void flagChanged(const QString &key, bool value);

private:
    QList<std::pair<QString, QString>> m_webhookMessages;
    void setupRoutes();
    void send(QHttpServerResponder &responder, const DemoReply &reply) const;
    std::optional<DemoReply> rejectOversizedBody(const QHttpServerRequest &request) const;
    bool isAuthorized(const QHttpServerRequest &request) const;

    void handleChat(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    DemoReply chatPreflight(const QHttpServerRequest &request) const;
    DemoReply health();
    DemoReply evaluateFlag(const QString &key);
    DemoReply evaluateAllFlags();
    DemoReply putFlag(const QString &key, const QHttpServerRequest &request);
    DemoReply versionInfo();
    DemoReply rollback();
    DemoReply deploy(const QHttpServerRequest &request);
    DemoReply missing(const QHttpServerRequest &request) const;

    DemoServiceOptions m_options;
    DemoChatRules m_chatRules;
    DemoCorsPolicy m_cors;
    DemoRateLimiter m_rateLimiter;
    /** The fallback route's bucket: a burst on the primary route must not starve the fallback. */
    DemoRateLimiter m_fallbackRateLimiter;
    DemoState m_state;
    std::unique_ptr<DemoHistory> m_history;
    std::unique_ptr<DemoUsageApi> m_usage;
    std::unique_ptr<QHttpServer> m_server;
    QTcpServer *m_tcpServer = nullptr; // owned by m_server after bind()
    QElapsedTimer m_clock;
    QDateTime m_startedAt;
    quint16 m_port = 0;
    int m_pendingSlow = 0;
    QString m_errorString;
};
