// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CostSnapshot.h"

#include "sources/UsdAmount.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_EVIDENCE_DAYS = 62;
}

qint64 CostSnapshot::spendBetween(const QDate &from, const QDate &to) const
{
    qint64 total = 0;
    for (auto it = dailyNanoUsd.lowerBound(from); it != dailyNanoUsd.cend() && it.key() <= to; ++it)
        total += it.value();
    return total;
}

qint64 CostSnapshot::monthToDate(const QDate &day) const
{
    return spendBetween(QDate(day.year(), day.month(), 1), day);
}

void CostSnapshot::addDaily(const QDate &day, qint64 nanos)
{
    dailyNanoUsd[day] += nanos;
}

QJsonObject CostSnapshot::toJson() const
{
    QJsonArray days;
    qsizetype skip = qMax<qsizetype>(0, dailyNanoUsd.size() - MAX_EVIDENCE_DAYS);
    for (auto it = dailyNanoUsd.cbegin(); it != dailyNanoUsd.cend(); ++it) {
        if (skip > 0) {
            --skip;
            continue;
        }
        days.append(QJsonObject {{u"date"_s, it.key().toString(Qt::ISODate)},
                                 {u"usd"_s, UsdAmount::toString(it.value())}});
    }
    QJsonObject out {
        {u"source"_s, source},
        {u"currency"_s, currency},
        {u"fetchedAt"_s, fetchedAt.toUTC().toString(Qt::ISODate)},
        {u"monthToDateUsd"_s, UsdAmount::toString(monthToDateNanoUsd)},
        {u"daily"_s, days},
    };
    if (hardLimitNanoUsd) {
        out.insert(u"hardLimitUsd"_s, UsdAmount::toString(*hardLimitNanoUsd));
        out.insert(u"hardLimitKind"_s, hardLimitKind);
    }
    if (limitRemainingNanoUsd)
        out.insert(u"limitRemainingUsd"_s, UsdAmount::toString(*limitRemainingNanoUsd));
    if (!warnings.isEmpty())
        out.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    return out;
}
