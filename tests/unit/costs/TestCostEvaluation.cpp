// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CostEvaluation.h"
#include "probes/CostProjection.h"
#include "sources/UsdAmount.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 USD = UsdAmount::NANOS_PER_USD;

QDateTime utc(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toUTC();
}

/** A snapshot with `perDay` USD on every day from the 1st of now's month through today. */
CostSnapshot steadySnapshot(const QDateTime &now, qint64 perDay, qint64 today)
{
    CostSnapshot s;
    s.source = u"litellm"_s;
    s.fetchedAt = now;
    const QDate day = now.date();
    for (QDate d = day.addDays(-40); d < day; d = d.addDays(1))
        s.addDaily(d, perDay);
    s.addDaily(day, today);
    s.monthToDateNanoUsd = s.monthToDate(day);
    return s;
}

BudgetConfig budget(double monthly, double low, double high)
{
    BudgetConfig b;
    b.monthlyUsd = monthly;
    b.expectedDailyLowUsd = low;
    b.expectedDailyHighUsd = high;
    return b;
}
} // namespace

/** The month-end projection, the window and the default decisions of the three cost items. */
class TestCostEvaluation : public QObject
{
    Q_OBJECT

private slots:
    void projection_data();
    void projection();
    void windowCoversFullDaysBeforeToday_data();
    void windowCoversFullDaysBeforeToday();
    void spendLimitPassesOnlyWithAHardLimit();
    void costInRange_data();
    void costInRange();
    void costInRangeWithoutBudgetSaysWhatToSet();
    void weekAfterReleaseAgainstProjection_data();
    void weekAfterReleaseAgainstProjection();
    void userConditionsReplaceTheDefaults();
    void counterReadingsOnConsecutiveDaysMakeTheWindowKnown();
    void withoutReadingsAroundTheWindowCostInRangeIsNotReported();
    void counterResetIsNotADay();
};

void TestCostEvaluation::projection_data()
{
    QTest::addColumn<qint64>("mtd");
    QTest::addColumn<std::optional<qint64>>("today");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<qint64>("expected");

    // 15 full days at $145 total → $9.67/day; today's $5 counts as spent; 14.5 days to go.
    QTest::newRow("mid-month, rate from full days") << 150 * USD << std::optional<qint64>(5 * USD)
                                                    << utc(u"2026-11-16T12:00:00Z"_s) << qint64(290166666667);
    QTest::newRow("steady $10/day over a 30-day month") << 155 * USD << std::optional<qint64>(5 * USD)
                                                        << utc(u"2026-11-16T12:00:00Z"_s) << 300 * USD;
    QTest::newRow("February, 28 days") << 14 * USD << std::optional<qint64>(0) << utc(u"2026-02-15T00:00:00Z"_s)
                                       << 28 * USD;
    QTest::newRow("31-day month") << 10 * USD << std::optional<qint64>(0) << utc(u"2026-12-11T00:00:00Z"_s)
                                  << 31 * USD;
    QTest::newRow("the 1st: today's rate") << 3 * USD << std::optional<qint64>(3 * USD)
                                           << utc(u"2026-11-01T06:00:00Z"_s) << 360 * USD;
    QTest::newRow("first minutes count as one hour") << USD / 10 << std::optional<qint64>(USD / 10)
                                                     << utc(u"2026-11-01T00:06:00Z"_s) << 72 * USD;
    QTest::newRow("no per-day split (OpenRouter)") << 155 * USD << std::optional<qint64>()
                                                   << utc(u"2026-11-16T12:00:00Z"_s) << 300 * USD;
    QTest::newRow("nothing spent") << qint64(0) << std::optional<qint64>(0) << utc(u"2026-11-16T12:00:00Z"_s)
                                   << qint64(0);
    QTest::newRow("last second of the month") << 300 * USD << std::optional<qint64>(10 * USD)
                                              << utc(u"2026-11-30T23:59:59Z"_s) << qint64(300000115741);
    QTest::newRow("credits never project below what is spent") << 10 * USD << std::optional<qint64>(20 * USD)
                                                                << utc(u"2026-11-16T00:00:00Z"_s) << 10 * USD;
}

void TestCostEvaluation::projection()
{
    QFETCH(qint64, mtd);
    QFETCH(std::optional<qint64>, today);
    QFETCH(QDateTime, now);
    QFETCH(qint64, expected);
    QCOMPARE(CostProjection::projectMonth(mtd, today, now), expected);
}

void TestCostEvaluation::windowCoversFullDaysBeforeToday_data()
{
    QTest::addColumn<qint64>("windowMs");
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    constexpr qint64 hour = 60 * 60 * 1000;
    QTest::newRow("24h is yesterday") << 24 * hour << QDate(2026, 11, 15) << QDate(2026, 11, 15);
    QTest::newRow("1h still a whole day") << hour << QDate(2026, 11, 15) << QDate(2026, 11, 15);
    QTest::newRow("36h rounds up to 2 days") << 36 * hour << QDate(2026, 11, 14) << QDate(2026, 11, 15);
    QTest::newRow("7d") << 7 * 24 * hour << QDate(2026, 11, 9) << QDate(2026, 11, 15);
}

void TestCostEvaluation::windowCoversFullDaysBeforeToday()
{
    QFETCH(qint64, windowMs);
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    const auto [first, last] = CostProjection::windowDays(windowMs, utc(u"2026-11-16T12:00:00Z"_s));
    QCOMPARE(first, from);
    QCOMPARE(last, to);
}

void TestCostEvaluation::spendLimitPassesOnlyWithAHardLimit()
{
    CostEvaluation::Input in;
    in.itemId = u"cost.spend-limit"_s;
    in.now = utc(u"2026-11-16T12:00:00Z"_s);
    in.snapshot = steadySnapshot(in.now, 10 * USD, 5 * USD);
    ProbeResult r = CostEvaluation::evaluate(in, {});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"the provider exposes no hard limit: tick it by hand with evidence"_s),
             qPrintable(r.summary));

    in.snapshot.hardLimitNanoUsd = 400 * USD;
    in.snapshot.hardLimitKind = u"LiteLLM key max_budget"_s;
    r = CostEvaluation::evaluate(in, {});
    QCOMPARE(r.status, Status::Pass);
    QVERIFY2(r.summary.contains(u"$400.00 (LiteLLM key max_budget)"_s), qPrintable(r.summary));
    QCOMPARE(r.evidence.value(u"hardLimitUsd"_s).toString(), u"400"_s);
}

void TestCostEvaluation::costInRange_data()
{
    QTest::addColumn<qint64>("perDay");
    QTest::addColumn<double>("monthly");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("failedCondition");
    QTest::newRow("within range, under budget") << 10 * USD << 400.0 << Status::Pass << QString();
    QTest::newRow("day too expensive") << 30 * USD << 1000.0 << Status::Fail << u"[SPEND_WINDOW_USD] <= 25"_s;
    QTest::newRow("day suspiciously cheap") << USD << 400.0 << Status::Fail << u"[SPEND_WINDOW_USD] >= 3"_s;
    QTest::newRow("projection over budget") << 20 * USD << 500.0 << Status::Fail << u"[PROJECTED_MONTH_USD] <= 500"_s;
}

void TestCostEvaluation::costInRange()
{
    QFETCH(qint64, perDay);
    QFETCH(double, monthly);
    QFETCH(Status, expected);
    QFETCH(QString, failedCondition);
    CostEvaluation::Input in;
    in.itemId = u"h24.cost-in-range"_s;
    in.now = utc(u"2026-11-16T12:00:00Z"_s);
    in.snapshot = steadySnapshot(in.now, perDay, perDay / 2);
    in.budget = budget(monthly, 3, 25);
    const ProbeResult r = CostEvaluation::evaluate(in, {});
    QCOMPARE(r.status, expected);
    QCOMPARE(r.conditions.size(), 3);
    if (!failedCondition.isEmpty())
        QVERIFY2(r.summary.contains(failedCondition), qPrintable(r.summary));
    QCOMPARE(r.evidence.value(u"window"_s).toObject().value(u"usd"_s).toString(), UsdAmount::toString(perDay));
    const QVariantMap values = CostEvaluation::placeholders(in);
    QCOMPARE(values.value(u"SPEND_MTD_USD"_s).toDouble(), UsdAmount::toDouble(perDay * 15 + perDay / 2));
    QCOMPARE(values.value(u"BUDGET_USED_PCT"_s).toDouble(), UsdAmount::toDouble(perDay * 15 + perDay / 2) / monthly * 100);
}

void TestCostEvaluation::costInRangeWithoutBudgetSaysWhatToSet()
{
    CostEvaluation::Input in;
    in.itemId = u"h24.cost-in-range"_s;
    in.now = utc(u"2026-11-16T12:00:00Z"_s);
    in.snapshot = steadySnapshot(in.now, 10 * USD, 0);
    const ProbeResult r = CostEvaluation::evaluate(in, {});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"budget.expected_daily_usd"_s), qPrintable(r.summary));
}

void TestCostEvaluation::weekAfterReleaseAgainstProjection_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<qint64>("weekPerDay");
    QTest::addColumn<bool>("stored");
    QTest::addColumn<Status>("expected");
    // Projected $300 for November at release → $70 expected for the week after.
    const QDateTime later = utc(u"2026-11-20T09:00:00Z"_s);
    QTest::newRow("on target") << later << 10 * USD << true << Status::Pass;
    QTest::newRow("7 % over, within 20 %") << later << qint64(10714285714) << true << Status::Pass;
    QTest::newRow("29 % over") << later << 13 * USD << true << Status::Fail;
    QTest::newRow("half") << later << 5 * USD << true << Status::Fail;
    QTest::newRow("week not over yet") << utc(u"2026-11-07T09:00:00Z"_s) << 10 * USD << true << Status::NotReported;
    QTest::newRow("no projection stored") << later << 10 * USD << false << Status::NotReported;
}

void TestCostEvaluation::weekAfterReleaseAgainstProjection()
{
    QFETCH(QDateTime, now);
    QFETCH(qint64, weekPerDay);
    QFETCH(bool, stored);
    QFETCH(Status, expected);
    CostEvaluation::Input in;
    in.itemId = u"w1.cost-projection"_s;
    in.now = now;
    in.snapshot.source = u"openai"_s;
    for (QDate d(2026, 10, 20); d <= now.date(); d = d.addDays(1))
        in.snapshot.addDaily(d, d >= QDate(2026, 11, 2) && d <= QDate(2026, 11, 8) ? weekPerDay : 3 * USD);
    in.snapshot.monthToDateNanoUsd = in.snapshot.monthToDate(now.date());
    if (stored) {
        in.releaseProjectionAt = utc(u"2026-11-01T10:00:00Z"_s);
        in.releaseProjectionNanoUsd = 300 * USD;
    }
    const ProbeResult r = CostEvaluation::evaluate(in, {});
    QCOMPARE(r.status, expected);
    if (expected != Status::NotReported) {
        QCOMPARE(r.conditions.first().toObject().value(u"expr"_s).toString(), u"[WEEK_DEVIATION] <= 0.2"_s);
        QCOMPARE(r.evidence.value(u"week"_s).toObject().value(u"expectedUsd"_s).toString(), u"70"_s);
    }
}

void TestCostEvaluation::userConditionsReplaceTheDefaults()
{
    CostEvaluation::Input in;
    in.itemId = u"h24.cost-in-range"_s;
    in.now = utc(u"2026-11-16T12:00:00Z"_s);
    in.snapshot = steadySnapshot(in.now, 10 * USD, 0);
    const ProbeResult r = CostEvaluation::evaluate(in, {u"[BUDGET_USED_PCT] < 50"_s, u"[SPEND_MTD_USD] < 200"_s});
    // No budget: [BUDGET_USED_PCT] is missing, so that condition fails.
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(r.conditions.size(), 2);
    QCOMPARE(r.conditions.at(1).toObject().value(u"ok"_s).toBool(), true);
}

namespace {
// An OpenRouter-like reading on `now`: today's spend and the counter at the start of today.
CostSnapshot counterReading(const QDateTime &now, qint64 counterAtDayStart, qint64 today)
{
    CostSnapshot s;
    s.source = u"openrouter"_s;
    s.dailyHistory = false;
    s.fetchedAt = now;
    s.addDaily(now.date(), today);
    s.monthToDateNanoUsd = counterAtDayStart + today - 100 * USD;
    s.counterNowNanoUsd = counterAtDayStart + today;
    s.counterAtDayStartNanoUsd.insert(now.date(), counterAtDayStart);
    s.historyKey = u"openrouter:test"_s;
    return s;
}
} // namespace

void TestCostEvaluation::counterReadingsOnConsecutiveDaysMakeTheWindowKnown()
{
    // Thursday the 19th: a reading from Wednesday morning marked the start of the 18th.
    CostEvaluation::Input in;
    in.itemId = u"h24.cost-in-range"_s;
    in.now = utc(u"2026-11-19T09:00:00Z"_s);
    in.snapshot = counterReading(in.now, 130 * USD, 2 * USD);
    in.snapshot.mergeMarks({{QDate(2026, 11, 18), 118 * USD}, {QDate(2026, 11, 19), 999 * USD}});
    in.budget = budget(10000, 3, 25);
    // The fresh reading of today's start wins over a stored one.
    QCOMPARE(in.snapshot.counterAtDayStartNanoUsd.value(QDate(2026, 11, 19)), 130 * USD);
    QCOMPARE(in.snapshot.dailyNanoUsd.value(QDate(2026, 11, 18)), 12 * USD);
    const ProbeResult r = CostEvaluation::evaluate(in, {});
    QCOMPARE(r.status, Status::Pass);
    const QJsonObject window = r.evidence.value(u"window"_s).toObject();
    QCOMPARE(window.value(u"from"_s).toString(), u"2026-11-18"_s);
    QCOMPARE(window.value(u"usd"_s).toString(), u"12"_s);
    QCOMPARE(r.evidence.value(u"counterMarks"_s).toArray().size(), 2);
}

void TestCostEvaluation::withoutReadingsAroundTheWindowCostInRangeIsNotReported()
{
    CostEvaluation::Input in;
    in.itemId = u"h24.cost-in-range"_s;
    in.now = utc(u"2026-11-19T09:00:00Z"_s);
    in.snapshot = counterReading(in.now, 130 * USD, 2 * USD);
    in.budget = budget(10000, 3, 25);
    const ProbeResult r = CostEvaluation::evaluate(in, {});
    QCOMPARE(r.status, Status::NotReported);
    QVERIFY2(r.summary.contains(u"openrouter keeps no per-day history: the spend of 2026-11-18 to 2026-11-18"_s),
             qPrintable(r.summary));
    QVERIFY2(r.summary.contains(u"readings so far mark days from 2026-11-19"_s), qPrintable(r.summary));
    QVERIFY(CostEvaluation::placeholders(in).value(u"SPEND_WINDOW_USD"_s).isNull());
    // The spend limit does not need the window.
    in.itemId = u"cost.spend-limit"_s;
    in.snapshot.hardLimitNanoUsd = 75 * USD;
    QCOMPARE(CostEvaluation::evaluate(in, {}).status, Status::Pass);
}

void TestCostEvaluation::counterResetIsNotADay()
{
    // A new key behind the same reference starts again at zero: the 18th cannot be derived.
    CostSnapshot s = counterReading(utc(u"2026-11-19T09:00:00Z"_s), 1 * USD, 0);
    s.mergeMarks({{QDate(2026, 11, 18), 118 * USD}});
    QVERIFY(!s.dailyNanoUsd.contains(QDate(2026, 11, 18)));
    QVERIFY(!s.knownSpendBetween(QDate(2026, 11, 18), QDate(2026, 11, 18)));
}

QTEST_APPLESS_MAIN(TestCostEvaluation)
#include "TestCostEvaluation.moc"
