// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CostSnapshot.h"

#include "sources/UsdAmount.h"

#include <QJsonArray>

#include <iterator>

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

std::optional<qint64> CostSnapshot::knownSpendBetween(const QDate &from, const QDate &to) const
{
    if (dailyHistory)
        return spendBetween(from, to);
    if (!from.isValid() || !to.isValid() || to < from)
        return std::nullopt;
    // A counter that went down was reset (another key behind the same reference): no answer from it.
    const auto start = counterAtDayStartNanoUsd.constFind(from);
    if (start != counterAtDayStartNanoUsd.cend()) {
        const auto end = counterAtDayStartNanoUsd.constFind(to.addDays(1));
        if (end != counterAtDayStartNanoUsd.cend() && end.value() >= start.value())
            return end.value() - start.value();
        if (end == counterAtDayStartNanoUsd.cend() && counterNowNanoUsd && fetchedAt.isValid()
            && to >= fetchedAt.toUTC().date() && *counterNowNanoUsd >= start.value())
            return *counterNowNanoUsd - start.value();
    }
    for (QDate day = from; day <= to; day = day.addDays(1)) {
        if (!dailyNanoUsd.contains(day))
            return std::nullopt;
    }
    return spendBetween(from, to);
}

void CostSnapshot::mergeMarks(const QMap<QDate, qint64> &stored)
{
    if (dailyHistory)
        return;
    for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
        if (!counterAtDayStartNanoUsd.contains(it.key()))
            counterAtDayStartNanoUsd.insert(it.key(), it.value());
    }
    for (auto it = counterAtDayStartNanoUsd.cbegin(); it != counterAtDayStartNanoUsd.cend(); ++it) {
        const auto next = std::next(it);
        // A counter reset (a new key behind the same reference) gives a negative day: not a day we know.
        if (next != counterAtDayStartNanoUsd.cend() && next.key() == it.key().addDays(1)
            && next.value() >= it.value() && !dailyNanoUsd.contains(it.key()))
            dailyNanoUsd.insert(it.key(), next.value() - it.value());
    }
}

QDate CostSnapshot::firstMark() const
{
    return counterAtDayStartNanoUsd.isEmpty() ? QDate() : counterAtDayStartNanoUsd.firstKey();
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
    if (!counterAtDayStartNanoUsd.isEmpty()) {
        QJsonArray marks;
        qsizetype skipMarks = qMax<qsizetype>(0, counterAtDayStartNanoUsd.size() - MAX_EVIDENCE_DAYS);
        for (auto it = counterAtDayStartNanoUsd.cbegin(); it != counterAtDayStartNanoUsd.cend(); ++it) {
            if (skipMarks > 0) {
                --skipMarks;
                continue;
            }
            marks.append(QJsonObject {{u"dayStart"_s, it.key().toString(Qt::ISODate)},
                                      {u"counterUsd"_s, UsdAmount::toString(it.value())}});
        }
        out.insert(u"counterMarks"_s, marks);
    }
    if (!warnings.isEmpty())
        out.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    return out;
}
