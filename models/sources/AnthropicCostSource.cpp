// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/AnthropicCostSource.h"

#include "sources/UsdAmount.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace {
const QString REPORT_PATH = u"/v1/organizations/cost_report"_s;

QString rfc3339(const QDate &day)
{
    return QDateTime(day, QTime(0, 0), Qt::UTC).toString(Qt::ISODate);
}
} // namespace

AnthropicCostSource::AnthropicCostSource(QNetworkAccessManager *nam, const CostSourceConfig &config, QObject *parent)
    : CostSource(nam, u"Anthropic"_s, u"anthropic"_s,
                 QUrl(config.baseUrl.isEmpty() ? QString::fromLatin1(DEFAULT_BASE_URL) : config.baseUrl), parent)
    , m_keyRef(config.key)
{
}

void AnthropicCostSource::begin()
{
    const std::optional<QString> key = secret(m_keyRef, u"admin_key"_s);
    if (!key)
        return;
    const QString from = rfc3339(m_from);
    const QString to = rfc3339(m_now.date().addDays(1));
    const auto query = [from, to](const QString &) {
        return QList<std::pair<QString, QString>> {
            {u"starting_at"_s, from},
            {u"ending_at"_s, to},
            {u"bucket_width"_s, u"1d"_s},
            {u"limit"_s, QString::number(BUCKETS_PER_PAGE)},
        };
    };
    getCursorPages(REPORT_PATH, query, {{"x-api-key", key->toUtf8()}, {"anthropic-version", API_VERSION}},
                   [this](const QByteArray &body, QString *next, bool *hasMore) {
                       return parsePage(body, &m_snapshot, next, hasMore);
                   });
}

QString AnthropicCostSource::parsePage(const QByteArray &body, CostSnapshot *snapshot, QString *nextPage,
                                       bool *hasMore)
{
    QJsonDocument doc;
    if (QString error = parseJson(body, &doc); !error.isEmpty())
        return error;
    if (!doc.isObject() || !doc.object().value(u"data"_s).isArray())
        return u"expected an object with a data array (a cost report)"_s;
    const QJsonObject page = doc.object();
    *hasMore = page.value(u"has_more"_s).toBool(false);
    *nextPage = page.value(u"next_page"_s).toString();
    const QJsonArray buckets = page.value(u"data"_s).toArray();
    for (qsizetype b = 0; b < buckets.size(); ++b) {
        const QJsonObject bucket = buckets.at(b).toObject();
        const QDateTime start = QDateTime::fromString(bucket.value(u"starting_at"_s).toString(), Qt::ISODate);
        if (!start.isValid())
            return u"bucket %1 has no RFC 3339 starting_at"_s.arg(b);
        const QDate day = start.toUTC().date();
        snapshot->addDaily(day, 0);
        const QJsonArray results = bucket.value(u"results"_s).toArray();
        for (qsizetype r = 0; r < results.size(); ++r) {
            const QJsonObject result = results.at(r).toObject();
            const QJsonValue amount = result.value(u"amount"_s);
            std::optional<qint64> nanos;
            if (amount.isString())
                nanos = UsdAmount::fromCentsString(amount.toString());
            else if (amount.isDouble()) // not documented, but still cents
                nanos = UsdAmount::parseDecimal(QString::number(amount.toDouble(), 'f', QLocale::FloatingPointShortest), -2);
            if (!nanos)
                return u"bucket %1 result %2: amount is not a decimal string in cents"_s.arg(b).arg(r);
            const QString currency = result.value(u"currency"_s).toString(u"USD"_s);
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
