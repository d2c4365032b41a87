// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/OpenAiCostSource.h"

#include "sources/UsdAmount.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {
const QString COSTS_PATH = u"/v1/organization/costs"_s;
}

OpenAiCostSource::OpenAiCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent)
    : CostSource(nam, u"OpenAI"_s, u"openai"_s,
                 QUrl(config.baseUrl.isEmpty() ? QString::fromLatin1(DEFAULT_BASE_URL) : config.baseUrl), parent)
    , m_keyRef(config.key)
    , m_projectIds(config.projectIds)
{
}

void OpenAiCostSource::begin()
{
    const std::optional<QString> key = secret(m_keyRef, u"admin_key"_s);
    if (!key)
        return;
    const QDateTime start(m_from, QTime(0, 0), Qt::UTC);
    const QDateTime end(m_now.date().addDays(1), QTime(0, 0), Qt::UTC);
    const QStringList projectIds = m_projectIds;
    const auto query = [start, end, projectIds](const QString &) {
        QList<std::pair<QString, QString>> items {
            {u"start_time"_s, QString::number(start.toSecsSinceEpoch())},
            {u"end_time"_s, QString::number(end.toSecsSinceEpoch())},
            {u"bucket_width"_s, u"1d"_s},
            {u"limit"_s, QString::number(BUCKETS_PER_PAGE)},
        };
        for (const QString &id : projectIds)
            items.append({u"project_ids"_s, id});
        return items;
    };
    getCursorPages(COSTS_PATH, query, {{"Authorization", "Bearer " + key->toUtf8()}},
                   [this](const QByteArray &body, QString *next, bool *hasMore) {
                       return parsePage(body, &m_snapshot, next, hasMore);
                   });
}

QString OpenAiCostSource::parsePage(const QByteArray &body, CostSnapshot *snapshot, QString *nextPage, bool *hasMore)
{
    QJsonDocument doc;
    if (QString error = parseJson(body, &doc); !error.isEmpty())
        return error;
    if (!doc.isObject() || !doc.object().value(u"data"_s).isArray())
        return u"expected an object with a data array (a costs page)"_s;
    const QJsonObject page = doc.object();
    *hasMore = page.value(u"has_more"_s).toBool(false);
    *nextPage = page.value(u"next_page"_s).toString();
    const QJsonArray buckets = page.value(u"data"_s).toArray();
    for (qsizetype b = 0; b < buckets.size(); ++b) {
        const QJsonObject bucket = buckets.at(b).toObject();
        const QJsonValue start = bucket.value(u"start_time"_s);
        if (!start.isDouble())
            return u"bucket %1 has no start_time"_s.arg(b);
        const QDate day = QDateTime::fromSecsSinceEpoch(qint64(start.toDouble()), Qt::UTC).date();
        snapshot->addDaily(day, 0); // a day with no results is a zero day, not a missing one
        const QJsonArray results = bucket.value(u"results"_s).toArray();
        for (qsizetype r = 0; r < results.size(); ++r) {
            const QJsonObject amount = results.at(r).toObject().value(u"amount"_s).toObject();
            const QJsonValue value = amount.value(u"value"_s);
            std::optional<qint64> nanos;
            if (value.isDouble())
                nanos = UsdAmount::fromDouble(value.toDouble());
            else if (value.isString()) // lenient: a decimal string is exact already
                nanos = UsdAmount::parseDecimal(value.toString());
            if (!nanos)
                return u"bucket %1 result %2 has no numeric amount.value"_s.arg(b).arg(r);
            const QString currency = amount.value(u"currency"_s).toString(u"usd"_s);
            if (currency.compare(u"usd"_s, Qt::CaseInsensitive) != 0) {
                snapshot->warnings.append(u"skipped an amount in %1 on %2 (only USD is summed)"_s.arg(
                    currency.left(8), day.toString(Qt::ISODate)));
                continue;
            }
            snapshot->addDaily(day, *nanos);
        }
    }
    return {};
}
