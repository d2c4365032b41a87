// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/DemoCallRecord.h"
#include "demo/DemoHistory.h"
#include "demo/DemoReply.h"

#include <QJsonObject>
#include <QUrlQuery>

/**
 * Renders the demo history in the shapes of real cost and log APIs (spec/formats.md 1 and 3):
 * OpenAI `GET /v1/organization/costs` (daily buckets, cursor pages), LiteLLM `GET /spend/logs`
 * (raw rows or per-day summaries) and LiteLLM `GET /key/info` (spend against max_budget).
 * Pure functions of the history and the query; authentication is DemoService's job.
 */
class DemoUsageApi
{
public:
    static constexpr int DEFAULT_COST_BUCKETS = 7;
    static constexpr int MAX_COST_BUCKETS = 180;
    static constexpr int MAX_SUMMARY_DAYS = 366;

    DemoUsageApi(const DemoHistory &history, double maxBudgetUsd);

    DemoReply costs(const QUrlQuery &query) const;
    DemoReply spendLogs(const QUrlQuery &query) const;
    DemoReply keyInfo(const QUrlQuery &query) const;

    /** One LiteLLM_SpendLogs row for a call. */
    static QJsonObject spendLogRow(const DemoCallRecord &record);
    /** The SHA-256 hex that LiteLLM stores for the demo's virtual key. */
    static QString hashedApiKey();
    static QString projectId();

private:
    QJsonObject costBucket(qint64 startSecs, bool byLineItem, bool byProject) const;

    const DemoHistory &m_history;
    double m_maxBudgetUsd;
};
