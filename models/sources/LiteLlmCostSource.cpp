// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/LiteLlmCostSource.h"

#include "sources/UsdAmount.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {
const QString SPEND_PATH = u"/spend/logs"_s;
const QString KEY_INFO_PATH = u"/key/info"_s;
} // namespace

LiteLlmCostSource::LiteLlmCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent)
    : CostSource(nam, u"LiteLLM"_s, u"litellm"_s, QUrl(config.baseUrl), parent)
    , m_keyRef(config.key)
{
}

void LiteLlmCostSource::begin()
{
    const std::optional<QString> key = secret(m_keyRef, u"master_key"_s);
    if (!key)
        return;
    m_authorization = "Bearer " + key->toUtf8();
    const QList<std::pair<QString, QString>> query {
        {u"start_date"_s, m_from.toString(Qt::ISODate)},
        {u"end_date"_s, m_now.date().toString(Qt::ISODate)},
    };
    get(SPEND_PATH, query, {{"Authorization", m_authorization}}, [this](const QByteArray &body) {
        const QString error = parseSpendLogs(body, m_from, m_now.date(), &m_snapshot);
        if (!error.isEmpty()) {
            fail(u"%1: %2"_s.arg(SPEND_PATH, error));
            return;
        }
        requestKeyInfo();
    });
}

void LiteLlmCostSource::requestKeyInfo()
{
    get(
        KEY_INFO_PATH, {}, {{"Authorization", m_authorization}},
        [this](const QByteArray &body) {
            const QString error = parseKeyInfo(body, &m_snapshot);
            if (!error.isEmpty())
                m_snapshot.warnings.append(u"%1: %2; the hard limit is unknown"_s.arg(KEY_INFO_PATH, error));
            succeed();
        },
        [this](const QString &message) {
            m_snapshot.warnings.append(u"%1; the hard limit is unknown"_s.arg(message));
            succeed();
        });
}

QString LiteLlmCostSource::parseSpendLogs(const QByteArray &body, const QDate &from, const QDate &to,
                                          CostSnapshot *snapshot)
{
    QJsonDocument doc;
    if (QString error = parseJson(body, &doc); !error.isEmpty())
        return error;
    if (!doc.isArray())
        return u"expected a JSON array of daily spend summaries"_s;
    const QJsonArray rows = doc.array();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows.at(i).toObject();
        // Summaries carry "YYYY-MM-DD", raw rows an ISO timestamp: the first 10 characters are the UTC day
        // (LiteLLM writes UTC timestamps).
        const QString start = row.value(u"startTime"_s).toString();
        const QDate day = QDate::fromString(start.left(10), Qt::ISODate);
        if (!day.isValid())
            return u"row %1 has no startTime date"_s.arg(i);
        const QJsonValue spend = row.value(u"spend"_s);
        std::optional<qint64> nanos;
        if (spend.isDouble())
            nanos = UsdAmount::fromDouble(spend.toDouble());
        else if (spend.isString())
            nanos = UsdAmount::parseDecimal(spend.toString());
        else if (spend.isNull() || spend.isUndefined())
            nanos = 0;
        if (!nanos)
            return u"row %1 has a spend that is not a number"_s.arg(i);
        if (day < from || day > to)
            continue;
        snapshot->addDaily(day, *nanos);
    }
    return {};
}

QString LiteLlmCostSource::parseKeyInfo(const QByteArray &body, CostSnapshot *snapshot)
{
    QJsonDocument doc;
    if (QString error = parseJson(body, &doc); !error.isEmpty())
        return error;
    const QJsonObject info = doc.object().value(u"info"_s).toObject();
    if (!doc.isObject() || info.isEmpty())
        return u"expected an object with an info object"_s;
    const QJsonValue maxBudget = info.value(u"max_budget"_s);
    if (maxBudget.isDouble() && maxBudget.toDouble() > 0) {
        snapshot->hardLimitNanoUsd = UsdAmount::fromDouble(maxBudget.toDouble());
        const QString duration = info.value(u"budget_duration"_s).toString();
        snapshot->hardLimitKind = duration.isEmpty() ? u"LiteLLM key max_budget"_s
                                                     : u"LiteLLM key max_budget per %1"_s.arg(duration.left(16));
        const QJsonValue spent = info.value(u"spend"_s);
        if (spent.isDouble() && snapshot->hardLimitNanoUsd) {
            if (const auto nanos = UsdAmount::fromDouble(spent.toDouble()))
                snapshot->limitRemainingNanoUsd = *snapshot->hardLimitNanoUsd - *nanos;
        }
    }
    return {};
}
