// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoUsageApi.h"

#include "demo/DemoConversation.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QMap>
#include <QStringList>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 DAY_SECS = 86400;
const QString VIRTUAL_KEY = u"sk-liftoff-demo-virtual-key"_s;
const QString KEY_ALIAS = u"support-bot-demo"_s;
const QString INTERNAL_USER = u"default_user_id"_s;
const QString TEAM_ID = u"0b7e3c1a-5d2f-4e8a-9c6b-1f2e3d4c5b6a"_s;

QString isoMillis(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz000Z"_s);
}

QStringList listParameter(const QUrlQuery &query, const QString &name)
{
    QStringList values;
    for (const QString &key : QStringList {name, name + u"[]"_s}) {
        for (const QString &value : query.allQueryItemValues(key, QUrl::FullyDecoded))
            values += value.split(u',', Qt::SkipEmptyParts);
    }
    return values;
}

std::optional<qint64> intParameter(const QUrlQuery &query, const QString &name)
{
    if (!query.hasQueryItem(name))
        return std::nullopt;
    bool ok = false;
    const qint64 value = query.queryItemValue(name).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

QString pageCursor(qint64 bucketStart)
{
    return u"page_"_s
        + QString::fromLatin1(QByteArray::number(bucketStart).toBase64(QByteArray::Base64UrlEncoding));
}

std::optional<qint64> parsePageCursor(const QString &cursor)
{
    if (!cursor.startsWith(u"page_"_s) || cursor.size() > 64)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(cursor.mid(5).toLatin1(), QByteArray::Base64UrlEncoding);
    if (!decoded)
        return std::nullopt;
    bool ok = false;
    const qint64 value = decoded.decoded.toLongLong(&ok);
    if (!ok || value < 0 || value % DAY_SECS != 0)
        return std::nullopt;
    return value;
}
} // namespace

DemoUsageApi::DemoUsageApi(const DemoHistory &history, double maxBudgetUsd)
    : m_history(history)
    , m_maxBudgetUsd(maxBudgetUsd)
{
}

QString DemoUsageApi::hashedApiKey()
{
    return QString::fromLatin1(QCryptographicHash::hash(VIRTUAL_KEY.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString DemoUsageApi::projectId()
{
    return u"proj_LiftoffDemo7Qz2"_s;
}

DemoReply DemoUsageApi::costs(const QUrlQuery &query) const
{
    const auto startTime = intParameter(query, u"start_time"_s);
    if (!startTime || *startTime < 0)
        return DemoReply::error(400, u"start_time is required (Unix seconds)"_s);
    const auto endParam = intParameter(query, u"end_time"_s);
    if (query.hasQueryItem(u"end_time"_s) && (!endParam || *endParam <= *startTime))
        return DemoReply::error(400, u"end_time must be Unix seconds after start_time"_s);
    const qint64 endTime = endParam ? *endParam : m_history.now().toSecsSinceEpoch();
    const QString width = query.queryItemValue(u"bucket_width"_s);
    if (!width.isEmpty() && width != u"1d"_s)
        return DemoReply::error(400, u"bucket_width must be 1d"_s);
    qint64 limit = DEFAULT_COST_BUCKETS;
    if (query.hasQueryItem(u"limit"_s)) {
        const auto value = intParameter(query, u"limit"_s);
        if (!value || *value < 1 || *value > MAX_COST_BUCKETS)
            return DemoReply::error(400, u"limit must be between 1 and %1"_s.arg(MAX_COST_BUCKETS));
        limit = *value;
    }
    const QStringList groupBy = listParameter(query, u"group_by"_s);
    for (const QString &group : groupBy) {
        if (group != u"line_item"_s && group != u"project_id"_s && group != u"api_key_id"_s)
            return DemoReply::error(400, u"unsupported group_by value: %1"_s.arg(group.left(40)));
    }
    const QStringList projects = listParameter(query, u"project_ids"_s);
    const bool projectMatches = projects.isEmpty() || projects.contains(projectId());

    qint64 bucketStart = *startTime - *startTime % DAY_SECS;
    if (query.hasQueryItem(u"page"_s)) {
        const auto cursor = parsePageCursor(query.queryItemValue(u"page"_s));
        if (!cursor || *cursor < bucketStart || *cursor >= endTime)
            return DemoReply::error(400, u"invalid page cursor"_s);
        bucketStart = *cursor;
    }

    QJsonArray data;
    for (qint64 n = 0; n < limit && bucketStart < endTime; ++n, bucketStart += DAY_SECS) {
        QJsonObject bucket = costBucket(bucketStart, groupBy.contains(u"line_item"_s),
                                        groupBy.contains(u"project_id"_s));
        if (!projectMatches)
            bucket.insert(u"results"_s, QJsonArray());
        data.append(bucket);
    }
    const bool hasMore = bucketStart < endTime;
    return DemoReply::json(QJsonObject {
        {u"object"_s, u"page"_s},
        {u"data"_s, data},
        {u"has_more"_s, hasMore},
        {u"next_page"_s, hasMore ? QJsonValue(pageCursor(bucketStart)) : QJsonValue(QJsonValue::Null)},
    });
}

QJsonObject DemoUsageApi::costBucket(qint64 startSecs, bool byLineItem, bool byProject) const
{
    const QDateTime from = QDateTime::fromSecsSinceEpoch(startSecs, Qt::UTC);
    const auto [first, last] = m_history.range(from, from.addSecs(DAY_SECS));
    const QJsonValue project = byProject ? QJsonValue(projectId()) : QJsonValue(QJsonValue::Null);

    QJsonArray results;
    const auto result = [&](double amount, const QJsonValue &lineItem, const QJsonValue &quantity) {
        return QJsonObject {
            {u"object"_s, u"organization.costs.result"_s},
            {u"amount"_s, QJsonObject {{u"value"_s, amount}, {u"currency"_s, u"usd"_s}}},
            {u"line_item"_s, lineItem},
            {u"project_id"_s, project},
            {u"api_key_id"_s, QJsonValue::Null},
            {u"quantity"_s, quantity},
            {u"quantity_unit"_s, quantity.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(u"tokens"_s)},
        };
    };
    if (first < last) {
        if (byLineItem) {
            struct Line
            {
                double usd = 0;
                qint64 tokens = 0;
            };
            QMap<QString, Line> lines;
            for (qsizetype i = first; i < last; ++i) {
                const DemoCallRecord &r = m_history.records().at(i);
                Line &input = lines[r.responseModel + u", input"_s];
                input.usd += r.inputCostUsd;
                input.tokens += r.promptTokens;
                Line &output = lines[r.responseModel + u", output"_s];
                output.usd += r.outputCostUsd;
                output.tokens += r.completionTokens;
            }
            for (auto it = lines.cbegin(); it != lines.cend(); ++it)
                results.append(result(it->usd, it.key(), double(it->tokens)));
        } else {
            double total = 0;
            for (qsizetype i = first; i < last; ++i)
                total += m_history.records().at(i).spendUsd();
            results.append(result(total, QJsonValue::Null, QJsonValue::Null));
        }
    }
    return QJsonObject {
        {u"object"_s, u"bucket"_s},
        {u"start_time"_s, startSecs},
        {u"end_time"_s, startSecs + DAY_SECS},
        {u"results"_s, results},
    };
}

QJsonObject DemoUsageApi::spendLogRow(const DemoCallRecord &r)
{
    const QString status = r.failed ? u"failure"_s : u"success"_s;
    QJsonObject request {{u"model"_s, r.requestedModel}, {u"temperature"_s, r.temperature}};
    if (r.maxTokens > 0)
        request.insert(u"max_tokens"_s, r.maxTokens);
    return QJsonObject {
        {u"request_id"_s, r.requestId},
        {u"call_type"_s, u"acompletion"_s},
        {u"api_key"_s, hashedApiKey()},
        {u"spend"_s, r.spendUsd()},
        {u"total_tokens"_s, r.promptTokens + r.completionTokens},
        {u"prompt_tokens"_s, r.promptTokens},
        {u"completion_tokens"_s, r.completionTokens},
        {u"startTime"_s, isoMillis(r.start)},
        {u"endTime"_s, isoMillis(r.end())},
        {u"request_duration_ms"_s, r.latencyMs},
        {u"completionStartTime"_s, r.ttftMs > 0 ? QJsonValue(isoMillis(r.start.addMSecs(r.ttftMs)))
                                                 : QJsonValue(QJsonValue::Null)},
        {u"model"_s, r.responseModel},
        {u"model_group"_s, r.requestedModel},
        {u"custom_llm_provider"_s, u"openai"_s},
        {u"api_base"_s, u"https://api.openai.com/v1"_s},
        {u"user"_s, INTERNAL_USER},
        {u"metadata"_s, QJsonObject {
             {u"user_api_key_alias"_s, KEY_ALIAS},
             {u"user_api_key_team_id"_s, TEAM_ID},
             {u"status"_s, status},
             {u"spend_logs_metadata"_s, QJsonObject {{u"feature"_s, r.feature}}},
         }},
        {u"cache_hit"_s, u"False"_s},
        {u"cache_key"_s, QString()},
        {u"request_tags"_s, QJsonArray {u"env:demo"_s, QString(u"feature:"_s + r.feature)}},
        {u"team_id"_s, TEAM_ID},
        {u"end_user"_s, r.endUser},
        {u"session_id"_s, r.sessionId},
        {u"status"_s, status},
        {u"proxy_server_request"_s, request},
        {u"messages"_s, DemoConversation::messages(r)},
        {u"response"_s, DemoConversation::response(r)},
    };
}

DemoReply DemoUsageApi::spendLogs(const QUrlQuery &query) const
{
    const auto &records = m_history.records();
    const QString apiKey = query.queryItemValue(u"api_key"_s);
    if (!apiKey.isEmpty() && apiKey != VIRTUAL_KEY && apiKey != hashedApiKey())
        return DemoReply::json(QJsonArray());
    const QString userId = query.queryItemValue(u"user_id"_s);
    if (!userId.isEmpty() && userId != INTERNAL_USER)
        return DemoReply::json(QJsonArray());

    const QString requestId = query.queryItemValue(u"request_id"_s);
    if (!requestId.isEmpty()) {
        QJsonArray rows;
        for (const DemoCallRecord &r : records) {
            if (r.requestId == requestId) {
                rows.append(spendLogRow(r));
                break;
            }
        }
        return DemoReply::json(rows);
    }

    const bool hasStart = query.hasQueryItem(u"start_date"_s);
    const bool hasEnd = query.hasQueryItem(u"end_date"_s);
    if (hasStart != hasEnd)
        return DemoReply::error(400, u"start_date and end_date go together (YYYY-MM-DD)"_s);
    if (!hasStart) {
        QJsonArray rows;
        for (const DemoCallRecord &r : records)
            rows.append(spendLogRow(r));
        return DemoReply::json(rows);
    }

    const QDate startDate = QDate::fromString(query.queryItemValue(u"start_date"_s), u"yyyy-MM-dd"_s);
    const QDate endDate = QDate::fromString(query.queryItemValue(u"end_date"_s), u"yyyy-MM-dd"_s);
    if (!startDate.isValid() || !endDate.isValid() || endDate < startDate)
        return DemoReply::error(400, u"start_date and end_date must be dates (YYYY-MM-DD), start first"_s);
    if (startDate.daysTo(endDate) >= MAX_SUMMARY_DAYS)
        return DemoReply::error(400, u"the date range is limited to %1 days"_s.arg(MAX_SUMMARY_DAYS));
    const auto [first, last] = m_history.range(QDateTime(startDate, QTime(0, 0), Qt::UTC),
                                               QDateTime(endDate.addDays(1), QTime(0, 0), Qt::UTC));
    const QString summarize = query.queryItemValue(u"summarize"_s).toLower();
    if (summarize == u"false"_s || summarize == u"0"_s) {
        QJsonArray rows; // newest first, as LiteLLM answers a dated raw query
        for (qsizetype i = last - 1; i >= first; --i)
            rows.append(spendLogRow(records.at(i)));
        return DemoReply::json(rows);
    }

    struct Day
    {
        double spend = 0;
        QMap<QString, double> models;
    };
    QMap<QDate, Day> days;
    for (QDate day = startDate; day <= endDate; day = day.addDays(1))
        days.insert(day, {});
    for (qsizetype i = first; i < last; ++i) {
        const DemoCallRecord &r = records.at(i);
        Day &day = days[r.start.date()];
        day.spend += r.spendUsd();
        day.models[r.responseModel] += r.spendUsd();
    }
    QJsonArray summary;
    for (auto it = days.cbegin(); it != days.cend(); ++it) {
        QJsonObject row {{u"startTime"_s, it.key().toString(Qt::ISODate)}, {u"spend"_s, it->spend}};
        QJsonObject users;
        QJsonObject models;
        if (it->spend > 0) {
            row.insert(hashedApiKey(), it->spend); // LiteLLM uses the hashed key as a dynamic member name
            users.insert(INTERNAL_USER, it->spend);
            for (auto m = it->models.cbegin(); m != it->models.cend(); ++m)
                models.insert(m.key(), m.value());
        }
        row.insert(u"users"_s, users);
        row.insert(u"models"_s, models);
        summary.append(row);
    }
    return DemoReply::json(summary);
}

DemoReply DemoUsageApi::keyInfo(const QUrlQuery &query) const
{
    const QString key = query.hasQueryItem(u"key"_s) ? query.queryItemValue(u"key"_s) : VIRTUAL_KEY;
    if (key != VIRTUAL_KEY && key != hashedApiKey())
        return DemoReply::error(404, u"Key not found in database"_s);

    QMap<QString, double> modelSpend;
    for (const DemoCallRecord &r : m_history.records())
        modelSpend[r.responseModel] += r.spendUsd();
    QJsonObject modelSpendObject;
    for (auto it = modelSpend.cbegin(); it != modelSpend.cend(); ++it)
        modelSpendObject.insert(it.key(), it.value());
    const QString lastActive = m_history.records().isEmpty() ? QString() : isoMillis(m_history.records().constLast().end());

    const QJsonObject info {
        {u"key_name"_s, u"sk-...-key"_s},
        {u"key_alias"_s, KEY_ALIAS},
        {u"soft_budget_cooldown"_s, false},
        {u"spend"_s, m_history.totalSpendUsd()},
        {u"expires"_s, QJsonValue::Null},
        {u"models"_s, QJsonArray {u"gpt-4o-2024-08-06"_s, u"gpt-4o-mini"_s}},
        {u"aliases"_s, QJsonObject()},
        {u"config"_s, QJsonObject()},
        {u"user_id"_s, INTERNAL_USER},
        {u"team_id"_s, TEAM_ID},
        {u"organization_id"_s, QJsonValue::Null},
        {u"permissions"_s, QJsonObject()},
        {u"max_parallel_requests"_s, QJsonValue::Null},
        {u"metadata"_s, QJsonObject {{u"owner"_s, u"liftoff-demo"_s}}},
        {u"blocked"_s, QJsonValue::Null},
        {u"tpm_limit"_s, 200000},
        {u"rpm_limit"_s, 600},
        {u"max_budget"_s, m_maxBudgetUsd > 0 ? QJsonValue(m_maxBudgetUsd) : QJsonValue(QJsonValue::Null)},
        {u"budget_duration"_s, u"30d"_s},
        {u"budget_reset_at"_s, isoMillis(m_history.from().addDays(30))},
        {u"allowed_cache_controls"_s, QJsonArray()},
        {u"allowed_routes"_s, QJsonArray()},
        {u"model_spend"_s, modelSpendObject},
        {u"model_max_budget"_s, QJsonObject()},
        {u"budget_id"_s, QJsonValue::Null},
        {u"created_at"_s, isoMillis(m_history.from().addDays(-40))},
        {u"created_by"_s, u"admin"_s},
        {u"updated_at"_s, isoMillis(m_history.from())},
        {u"updated_by"_s, u"admin"_s},
        {u"last_active"_s, lastActive.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(lastActive)},
        {u"rotation_count"_s, 0},
        {u"auto_rotate"_s, false},
    };
    return DemoReply::json(QJsonObject {{u"key"_s, key}, {u"info"_s, info}});
}
