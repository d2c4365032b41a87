// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/LangfuseCostSource.h"

#include "sources/UsdAmount.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {
const QString METRICS_PATH = u"/api/public/v2/metrics"_s;
const QString COST_FIELD = u"sum_totalCost"_s;
} // namespace

LangfuseCostSource::LangfuseCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent)
    : CostSource(nam, u"Langfuse"_s, u"langfuse"_s,
                 QUrl(!config.langfuse.baseUrl.isEmpty() ? config.langfuse.baseUrl
                      : !config.baseUrl.isEmpty()        ? config.baseUrl
                                                         : QString::fromLatin1(DEFAULT_BASE_URL)),
                 parent)
    , m_config(config.langfuse)
{
}

QByteArray LangfuseCostSource::query(const QDate &from, const QDate &to)
{
    const QJsonObject q {
        {u"view"_s, u"observations"_s},
        {u"dimensions"_s, QJsonArray()},
        {u"metrics"_s, QJsonArray {QJsonObject {{u"measure"_s, u"totalCost"_s}, {u"aggregation"_s, u"sum"_s}}}},
        {u"filters"_s, QJsonArray()},
        {u"timeDimension"_s, QJsonObject {{u"granularity"_s, u"day"_s}}},
        {u"fromTimestamp"_s, QDateTime(from, QTime(0, 0), Qt::UTC).toString(Qt::ISODate)},
        {u"toTimestamp"_s, QDateTime(to.addDays(1), QTime(0, 0), Qt::UTC).toString(Qt::ISODate)},
    };
    return QJsonDocument(q).toJson(QJsonDocument::Compact);
}

void LangfuseCostSource::begin()
{
    const std::optional<QString> publicKey = secret(m_config.publicKey, u"public_key"_s);
    if (!publicKey)
        return;
    const std::optional<QString> secretKey = secret(m_config.secretKey, u"secret_key"_s);
    if (!secretKey)
        return;
    const QByteArray basic = (*publicKey + u':' + *secretKey).toUtf8().toBase64();
    const QList<std::pair<QString, QString>> params {
        {u"query"_s, QString::fromUtf8(query(m_from, m_now.date()))}};
    get(METRICS_PATH, params, {{"Authorization", "Basic " + basic}}, [this](const QByteArray &body) {
        const QString error = parseMetrics(body, &m_snapshot);
        if (!error.isEmpty()) {
            fail(u"%1: %2"_s.arg(METRICS_PATH, error));
            return;
        }
        succeed();
    });
}

QString LangfuseCostSource::parseMetrics(const QByteArray &body, CostSnapshot *snapshot)
{
    QJsonDocument doc;
    if (QString error = parseJson(body, &doc); !error.isEmpty())
        return error;
    if (!doc.isObject() || !doc.object().value(u"data"_s).isArray())
        return u"expected an object with a data array"_s;
    const QJsonArray rows = doc.object().value(u"data"_s).toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows.at(i).toObject();
        const QDateTime at = QDateTime::fromString(row.value(u"time_dimension"_s).toString(), Qt::ISODateWithMs);
        if (!at.isValid())
            return u"row %1 has no time_dimension timestamp"_s.arg(i);
        const QJsonValue cost = row.value(COST_FIELD);
        std::optional<qint64> nanos;
        if (cost.isDouble())
            nanos = UsdAmount::fromDouble(cost.toDouble());
        else if (cost.isString()) // ClickHouse sums can arrive as strings
            nanos = UsdAmount::parseDecimal(cost.toString().trimmed());
        else if (cost.isNull() || cost.isUndefined())
            nanos = 0;
        if (!nanos)
            return u"row %1: %2 is not a number"_s.arg(i).arg(COST_FIELD);
        snapshot->addDaily(at.toUTC().date(), *nanos);
    }
    return {};
}
