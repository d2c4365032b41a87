// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/Verdict.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** The verdict rule and the effective-status rules of spec/checklist.md, table-driven. */
class TestVerdictRules : public QObject
{
    Q_OBJECT

private slots:
    void verdict_data();
    void verdict();
    void expiredWaiverReverts();
    void activeWaiverHolds();
    void probeWithoutRunnerIsNotReported();
    void staleProbeResultIsNotReported();
    void postItemsCountOnlyAfterRelease();
};

namespace {
ChecklistItem makeItem(const QString &id, Level level, Phase phase = Phase::Pre)
{
    ChecklistItem item;
    item.id = id;
    item.level = level;
    item.phase = phase;
    item.binding = Binding {BindingKind::Manual, {}};
    return item;
}

EvaluatedItem evaluated(const QString &id, Level level, Status status, bool counts = true)
{
    EvaluatedItem e;
    e.item = makeItem(id, level);
    e.state.status = status;
    e.effective = status;
    e.counts = counts;
    return e;
}

const QDateTime NOW = QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);
} // namespace

void TestVerdictRules::verdict_data()
{
    QTest::addColumn<Status>("must");
    QTest::addColumn<Status>("should");
    QTest::addColumn<VerdictKind>("expected");
    QTest::addColumn<bool>("mustBlocks");

    const auto go = VerdictKind::Go, cond = VerdictKind::ConditionalGo, nogo = VerdictKind::NoGo;
    QTest::newRow("all pass") << Status::Pass << Status::Pass << go << false;
    QTest::newRow("should na") << Status::Pass << Status::Na << go << false;
    QTest::newRow("must na") << Status::Na << Status::Pass << go << false;
    QTest::newRow("must warn passes") << Status::Warn << Status::Pass << go << false;
    QTest::newRow("should warn") << Status::Pass << Status::Warn << cond << false;
    QTest::newRow("should fail") << Status::Pass << Status::Fail << cond << false;
    QTest::newRow("should pending") << Status::Pass << Status::Pending << cond << false;
    QTest::newRow("should error") << Status::Pass << Status::Error << cond << false;
    QTest::newRow("should not-reported") << Status::Pass << Status::NotReported << cond << false;
    QTest::newRow("should waived") << Status::Pass << Status::Waived << cond << false;
    QTest::newRow("must waived") << Status::Waived << Status::Pass << cond << false;
    QTest::newRow("must fail") << Status::Fail << Status::Pass << nogo << true;
    QTest::newRow("must error") << Status::Error << Status::Pass << nogo << true;
    QTest::newRow("must not-reported") << Status::NotReported << Status::Pass << nogo << true;
    QTest::newRow("must pending") << Status::Pending << Status::Pass << nogo << true;
    QTest::newRow("must fail and should fail") << Status::Fail << Status::Fail << nogo << true;
}

void TestVerdictRules::verdict()
{
    QFETCH(Status, must);
    QFETCH(Status, should);
    QFETCH(VerdictKind, expected);
    QFETCH(bool, mustBlocks);
    const QList<EvaluatedItem> items {evaluated(u"a.must"_s, Level::Must, must),
                                      evaluated(u"a.should"_s, Level::Should, should)};
    const VerdictResult result = VerdictRules::verdict(items);
    QCOMPARE(result.kind, expected);
    QCOMPARE(result.blocking.contains(u"a.must"_s), mustBlocks);
    QCOMPARE(result.counts.value(must) + (must == should ? 0 : result.counts.value(should)), 2);
}

void TestVerdictRules::expiredWaiverReverts()
{
    ItemState state;
    state.status = Status::Waived;
    state.baseStatus = Status::Fail;
    state.source = StatusSource::Manual;
    state.waiverExpires = NOW.addSecs(-1);
    VerdictRules::Context context {NOW, false, {}, {}, {}};
    const EvaluatedItem e = VerdictRules::evaluate(makeItem(u"x"_s, Level::Must), state, context);
    QCOMPARE(e.effective, Status::Fail);
    QVERIFY(e.summary.startsWith(u"waiver expired"));
    QCOMPARE(VerdictRules::verdict({e}).kind, VerdictKind::NoGo);
}

void TestVerdictRules::activeWaiverHolds()
{
    ItemState state;
    state.status = Status::Waived;
    state.baseStatus = Status::Fail;
    state.waiverExpires = NOW.addDays(3);
    VerdictRules::Context context {NOW, false, {}, {}, {}};
    const EvaluatedItem e = VerdictRules::evaluate(makeItem(u"x"_s, Level::Must), state, context);
    QCOMPARE(e.effective, Status::Waived);
    QCOMPARE(VerdictRules::verdict({e}).kind, VerdictKind::ConditionalGo);
}

void TestVerdictRules::probeWithoutRunnerIsNotReported()
{
    ChecklistItem item = makeItem(u"infra.health"_s, Level::Must);
    item.binding = Binding {BindingKind::Probe, u"http"_s};
    VerdictRules::Context context {NOW, false, {}, {}, {}};
    EvaluatedItem e = VerdictRules::evaluate(item, ItemState {}, context);
    QCOMPARE(e.effective, Status::NotReported);
    QCOMPARE(e.summary, u"no runner for probe kind http in this build"_s);

    context.runnableProbeKinds.insert(u"http"_s);
    e = VerdictRules::evaluate(item, ItemState {}, context);
    QCOMPARE(e.effective, Status::Pending);
}

void TestVerdictRules::staleProbeResultIsNotReported()
{
    ChecklistItem item = makeItem(u"infra.health"_s, Level::Must);
    item.binding = Binding {BindingKind::Probe, u"http"_s};
    ItemState state;
    state.status = Status::Pass;
    state.source = StatusSource::Probe;
    state.checkedAt = NOW.addSecs(-7200);
    VerdictRules::Context context {NOW, false, {u"http"_s}, {{u"infra.health"_s, 3600}}, {}};
    QCOMPARE(VerdictRules::evaluate(item, state, context).effective, Status::NotReported);
    context.freshnessSeconds[u"infra.health"_s] = 10800;
    QCOMPARE(VerdictRules::evaluate(item, state, context).effective, Status::Pass);
}

void TestVerdictRules::postItemsCountOnlyAfterRelease()
{
    const ChecklistItem post = makeItem(u"h24.error-rate"_s, Level::Must, Phase::Post);
    VerdictRules::Context context {NOW, false, {}, {}, {}};
    EvaluatedItem e = VerdictRules::evaluate(post, ItemState {}, context);
    QVERIFY(!e.counts);
    QCOMPARE(VerdictRules::verdict({e}).kind, VerdictKind::Go);
    context.released = true;
    e = VerdictRules::evaluate(post, ItemState {}, context);
    QVERIFY(e.counts);
    QCOMPARE(VerdictRules::verdict({e}).kind, VerdictKind::NoGo);
}

QTEST_APPLESS_MAIN(TestVerdictRules)
#include "TestVerdictRules.moc"
