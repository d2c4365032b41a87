// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/OpenRouterCostSource.h"

#include "sources/UsdAmount.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {
const QString KEY_PATH = u"/api/v1/key"_s;

std::optional<qint64> usd(const QJsonObject &data, const QString &name)
{
    const QJsonValue value = data.value(name);
    return value.isDouble() ? UsdAmount::fromDouble(value.toDouble()) : std::nullopt;
}
} // namespace

OpenRouterCostSource::OpenRouterCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config,
                                           QObject *parent)
    : CostSource(nam, u"OpenRouter"_s, u"openrouter"_s,
                 QUrl(config.baseUrl.isEmpty() ? QString::fromLatin1(DEFAULT_BASE_URL) : config.baseUrl), parent)
    , m_keyRef(config.key)
{
}

void OpenRouterCostSource::begin()
{
    const std::optional<QString> key = secret(m_keyRef, u"api_key"_s);
    if (!key)
        return;
    get(KEY_PATH, {}, {{"Authorization", "Bearer " + key->toUtf8()}}, [this](const QByteArray &body) {
        const QString error = parseKey(body, m_now.date(), &m_snapshot);
        if (!error.isEmpty()) {
            fail(u"%1: %2"_s.arg(KEY_PATH, error));
            return;
        }
        // The reference names the key, never its value: marks of another key stay apart.
        m_snapshot.historyKey = u"openrouter:%1:%2"_s.arg(baseUrl().host(), m_keyRef.toString());
        succeed();
    });
}

QString OpenRouterCostSource::parseKey(const QByteArray &body, const QDate &today, CostSnapshot *snapshot)
{
    QJsonDocument doc;
    if (QString error = parseJson(body, &doc); !error.isEmpty())
        return error;
    const QJsonObject data = doc.object().value(u"data"_s).toObject();
    if (!doc.isObject() || data.isEmpty())
        return u"expected an object with a data object"_s;
    const std::optional<qint64> monthly = usd(data, u"usage_monthly"_s);
    const std::optional<qint64> daily = usd(data, u"usage_daily"_s);
    if (!monthly || !daily)
        return u"usage_monthly and usage_daily must be numbers (USD)"_s;
    snapshot->dailyHistory = false;
    snapshot->monthToDateNanoUsd = *monthly;
    snapshot->addDaily(today, *daily);
    // The all-time counter minus today's, this week's and this month's part gives its value at
    // the start of each: three exact day-start marks from one reading (weeks run Monday to Sunday).
    if (const std::optional<qint64> total = usd(data, u"usage"_s)) {
        snapshot->counterNowNanoUsd = *total;
        snapshot->counterAtDayStartNanoUsd.insert(today, *total - *daily);
        if (const std::optional<qint64> weekly = usd(data, u"usage_weekly"_s))
            snapshot->counterAtDayStartNanoUsd.insert(today.addDays(1 - today.dayOfWeek()), *total - *weekly);
        snapshot->counterAtDayStartNanoUsd.insert(QDate(today.year(), today.month(), 1), *total - *monthly);
        snapshot->mergeMarks({});
    }
    if (const std::optional<qint64> limit = usd(data, u"limit"_s)) {
        snapshot->hardLimitNanoUsd = *limit;
        const QString reset = data.value(u"limit_reset"_s).toString();
        snapshot->hardLimitKind = reset.isEmpty() ? u"OpenRouter key limit"_s
                                                  : u"OpenRouter key limit (resets %1)"_s.arg(reset.left(16));
        snapshot->limitRemainingNanoUsd = usd(data, u"limit_remaining"_s);
    }
    return {};
}
