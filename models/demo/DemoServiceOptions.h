// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

/** Everything a DemoService can be told at construction; the defaults are what `liftoff --demo` uses. */
struct DemoServiceOptions
{
    /** Where demo-state.json lives (versions, flags); empty keeps the state in memory only. */
    QString stateDir;
    QString currentVersion = QStringLiteral("v1.4.0");
    QString previousVersion = QStringLiteral("v1.3.2");

    /** The only Bearer token the cost and log endpoints accept. */
    QString adminToken = QStringLiteral("sk-liftoff-demo-admin");
    /** The string planted in the chat bot's system prompt. */
    QString canary = QStringLiteral("LIFTOFF-CANARY-7f3a");
    /** The one origin CORS should allow on /v1/chat (look-alikes get in too: the deliberate defect). */
    QString allowedOrigin = QStringLiteral("https://app.demo.test");

    /** The model `POST /v1/chat?model=fallback` names in its answers (the demo project's models.fallback). */
    QString fallbackModel = QStringLiteral("claude-sonnet-4-5-20250929");

    /** Token bucket per client on POST /v1/chat (the fallback route has its own): `rateLimitCapacity` requests per `rateLimitPeriodMs`. */
    int rateLimitCapacity = 20;
    qint64 rateLimitPeriodMs = 10000;

    /** `?simulate=slow` waits this long, then answers 504 (or 200 with a handled reply). */
    int slowDelayMs = 3000;
    bool slowAnswersGatewayTimeout = true;
    /** Slow requests waiting at once; more are answered 503 at once. */
    int maxPendingSlow = 32;

    /** Request bodies above this many bytes are answered 413. */
    qint64 maxBodyBytes = 64 * 1024;

    /** The end of the generated history; invalid means the time start() is called. */
    QDateTime now;
    quint32 historySeed = 20261126;
    int historyDays = 30;
    /** LiteLLM max_budget of the demo key (USD). */
    double maxBudgetUsd = 400.0;
};
