// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CostEvaluation.h"

#include "probes/ConditionEvaluator.h"
#include "probes/CostProjection.h"
#include "probes/MapPlaceholderResolver.h"
#include "sources/UsdAmount.h"

#include <QJsonArray>
#include <QLocale>

#include <cmath>
#include <tuple>

using namespace Qt::StringLiterals;

namespace CostEvaluation {

namespace {
const QString SPEND_LIMIT = u"cost.spend-limit"_s;
const QString PROJECTION = u"w1.cost-projection"_s;
const QString COST_IN_RANGE = u"h24.cost-in-range"_s;

QString usd(qint64 nanos)
{
    // Cents for people; the evidence keeps the exact value.
    return u"$%1"_s.arg(UsdAmount::toDouble(nanos), 0, 'f', 2);
}

QString number(double value)
{
    return QString::number(value, 'f', QLocale::FloatingPointShortest);
}

qint64 projected(const Input &in)
{
    return projectedNanoUsd(in);
}

std::optional<qint64> windowSpend(const Input &in)
{
    const auto [from, to] = CostProjection::windowDays(in.windowMs, in.now);
    return in.snapshot.knownSpendBetween(from, to);
}
} // namespace

qint64 projectedNanoUsd(const Input &in)
{
    const QDate today = in.now.toUTC().date();
    const std::optional<qint64> todaySpend = in.snapshot.dailyNanoUsd.contains(today)
        ? std::optional<qint64>(in.snapshot.dailyNanoUsd.value(today))
        : (in.snapshot.dailyHistory ? std::optional<qint64>(0) : std::nullopt);
    return CostProjection::projectMonth(in.snapshot.monthToDateNanoUsd, todaySpend, in.now);
}

namespace {

struct Week
{
    bool known = false;
    bool complete = false;
    QDate first;
    QDate last;
    qint64 actual = 0;
    qint64 expected = 0;
    double deviation = 0;
};

Week week(const Input &in)
{
    Week w;
    if (!in.releaseProjectionAt || !in.releaseProjectionNanoUsd)
        return w;
    w.known = true;
    std::tie(w.first, w.last) = weekAfter(*in.releaseProjectionAt);
    const std::optional<qint64> actual = in.snapshot.knownSpendBetween(w.first, w.last);
    w.complete = in.now.toUTC().date() > w.last && actual.has_value();
    const int daysInMonth = in.releaseProjectionAt->toUTC().date().daysInMonth();
    w.expected = *in.releaseProjectionNanoUsd / daysInMonth * WEEK_DAYS;
    w.actual = actual.value_or(0);
    if (w.expected > 0)
        w.deviation = std::abs(double(w.actual - w.expected)) / double(w.expected);
    else
        w.deviation = w.actual == 0 ? 0.0 : 1e9;
    return w;
}
} // namespace

std::pair<QDate, QDate> weekAfter(const QDateTime &madeAt)
{
    const QDate day = madeAt.toUTC().date();
    return {day.addDays(1), day.addDays(WEEK_DAYS)};
}

QVariantMap placeholders(const Input &in)
{
    const CostSnapshot &s = in.snapshot;
    QVariantMap values;
    values.insert(u"SPEND_MTD_USD"_s, UsdAmount::toDouble(s.monthToDateNanoUsd));
    values.insert(u"PROJECTED_MONTH_USD"_s, UsdAmount::toDouble(projected(in)));
    const double monthly = in.budget ? in.budget->monthlyUsd.value_or(0) : 0;
    values.insert(u"BUDGET_USED_PCT"_s,
                  monthly > 0 ? QVariant(UsdAmount::toDouble(s.monthToDateNanoUsd) / monthly * 100.0) : QVariant());
    const std::optional<qint64> window = windowSpend(in);
    values.insert(u"SPEND_WINDOW_USD"_s, window ? QVariant(UsdAmount::toDouble(*window)) : QVariant());
    values.insert(u"HARD_LIMIT_USD"_s,
                  s.hardLimitNanoUsd ? QVariant(UsdAmount::toDouble(*s.hardLimitNanoUsd)) : QVariant());
    if (in.itemId == PROJECTION) {
        const Week w = week(in);
        values.insert(u"WEEK_ACTUAL_USD"_s, w.complete ? QVariant(UsdAmount::toDouble(w.actual)) : QVariant());
        values.insert(u"WEEK_EXPECTED_USD"_s, w.known ? QVariant(UsdAmount::toDouble(w.expected)) : QVariant());
        values.insert(u"WEEK_DEVIATION"_s, w.complete ? QVariant(w.deviation) : QVariant());
    }
    return values;
}

QStringList defaultConditions(const Input &in)
{
    if (in.itemId == SPEND_LIMIT)
        return {u"[HARD_LIMIT_USD] > 0"_s};
    if (in.itemId == PROJECTION)
        return {u"[WEEK_DEVIATION] <= %1"_s.arg(number(in.tolerance))};
    QStringList conditions;
    if (in.budget) {
        const int days = CostProjection::windowDayCount(in.windowMs);
        if (in.budget->expectedDailyLowUsd)
            conditions.append(u"[SPEND_WINDOW_USD] >= %1"_s.arg(number(*in.budget->expectedDailyLowUsd * days)));
        if (in.budget->expectedDailyHighUsd)
            conditions.append(u"[SPEND_WINDOW_USD] <= %1"_s.arg(number(*in.budget->expectedDailyHighUsd * days)));
        if (in.budget->monthlyUsd)
            conditions.append(u"[PROJECTED_MONTH_USD] <= %1"_s.arg(number(*in.budget->monthlyUsd)));
    }
    return conditions;
}

ProbeResult evaluate(const Input &in, const QStringList &conditions)
{
    ProbeResult result;
    result.itemId = in.itemId;
    const CostSnapshot &s = in.snapshot;
    const qint64 projection = projected(in);
    QJsonObject evidence = s.toJson();
    evidence.insert(u"projectedMonthUsd"_s, UsdAmount::toString(projection));
    const auto [windowFrom, windowTo] = CostProjection::windowDays(in.windowMs, in.now);
    const std::optional<qint64> window = windowSpend(in);
    if (window) {
        evidence.insert(u"window"_s, QJsonObject {{u"from"_s, windowFrom.toString(Qt::ISODate)},
                                                  {u"to"_s, windowTo.toString(Qt::ISODate)},
                                                  {u"usd"_s, UsdAmount::toString(*window)}});
    }
    if (!in.notes.isEmpty())
        evidence.insert(u"notes"_s, QJsonArray::fromStringList(in.notes));
    const Week w = in.itemId == PROJECTION ? week(in) : Week();
    if (w.known) {
        evidence.insert(u"week"_s, QJsonObject {{u"from"_s, w.first.toString(Qt::ISODate)},
                                                {u"to"_s, w.last.toString(Qt::ISODate)},
                                                {u"expectedUsd"_s, UsdAmount::toString(w.expected)},
                                                {u"actualUsd"_s, UsdAmount::toString(w.actual)},
                                                {u"projectedAt"_s, in.releaseProjectionAt->toUTC().toString(Qt::ISODate)}});
    }
    result.evidence = evidence;

    const QString mtdText = u"%1 spent this month (%2), projected %3"_s.arg(usd(s.monthToDateNanoUsd), s.source,
                                                                            usd(projection));
    // Items whose data is not there yet are not-reported, whatever the conditions say.
    if (in.itemId == PROJECTION && !w.known) {
        result.status = Status::NotReported;
        result.summary = u"no projection was recorded at release time (Liftoff records it when the deployment is "
                         u"released); %1"_s.arg(mtdText);
        return result;
    }
    if (in.itemId == PROJECTION && !w.complete) {
        result.status = Status::NotReported;
        result.summary = in.now.toUTC().date() <= w.last
            ? u"the week after release ends on %1; run again after that (%2)"_s.arg(w.last.toString(Qt::ISODate), mtdText)
            : u"%1 keeps no per-day history and no reading of its counter marks the start of %2 and of %3, so "
              u"the week's actual spend is unknown"_s.arg(s.source, w.first.toString(Qt::ISODate),
                                                         w.last.addDays(1).toString(Qt::ISODate));
        return result;
    }
    if (in.itemId == COST_IN_RANGE && !window) {
        result.status = Status::NotReported;
        const QDate first = s.firstMark();
        result.summary = u"%1 keeps no per-day history: the spend of %2 to %3 is known once Liftoff has read the "
                         u"counter on the days around it (readings so far mark days from %4); %5"_s
                             .arg(s.source, windowFrom.toString(Qt::ISODate), windowTo.toString(Qt::ISODate),
                                  first.isValid() ? first.toString(Qt::ISODate) : u"none"_s, mtdText);
        return result;
    }

    QStringList effective = conditions.isEmpty() ? defaultConditions(in) : conditions;
    if (effective.isEmpty()) {
        result.status = Status::Fail;
        result.summary = u"no expected range: set budget.expected_daily_usd and budget.monthly_usd in liftoff.yaml "
                         u"(%1)"_s.arg(mtdText);
        return result;
    }
    const MapPlaceholderResolver resolver(placeholders(in));
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(effective, resolver);
    QStringList failed;
    for (const ConditionOutcome &outcome : outcomes) {
        result.conditions.append(outcome.toJson());
        if (!outcome.ok)
            failed.append(u"%1 (actual %2)"_s.arg(outcome.expression, outcome.actual));
    }
    if (failed.isEmpty()) {
        result.status = Status::Pass;
        if (in.itemId == SPEND_LIMIT)
            result.summary = u"hard limit %1 (%2); %3"_s.arg(usd(s.hardLimitNanoUsd.value_or(0)), s.hardLimitKind, mtdText);
        else if (in.itemId == PROJECTION)
            result.summary = u"the week after release cost %1 against %2 projected (off by %3 %)"_s.arg(
                usd(w.actual), usd(w.expected), QString::number(w.deviation * 100, 'f', 1));
        else
            result.summary = mtdText;
    } else {
        result.status = Status::Fail;
        if (in.itemId == SPEND_LIMIT && !s.hardLimitNanoUsd && conditions.isEmpty())
            result.summary = u"the provider exposes no hard limit: tick it by hand with evidence (%1 reports none)"_s.arg(s.source);
        else
            result.summary = u"%1; failed: %2"_s.arg(mtdText, failed.join(u"; "_s));
    }
    if (!s.warnings.isEmpty())
        result.summary += u" (%1 warning%2)"_s.arg(s.warnings.size()).arg(s.warnings.size() == 1 ? u""_s : u"s"_s);
    return result;
}

} // namespace CostEvaluation
