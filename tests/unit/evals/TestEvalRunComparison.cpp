// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalRunComparison.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** The case-by-case diff of a run against its baseline: every kind of change, order, repeated ids. */
class TestEvalRunComparison : public QObject
{
    Q_OBJECT

private slots:
    void everyChangeInRunOrderThenMissing();
    void withoutBaselineEveryCaseIsNew();
    void failureReasonPrefersTheError();
};

namespace {
EvalCaseResult result(const QString &id, bool passed)
{
    EvalCaseResult r;
    r.caseId = id;
    r.passed = passed;
    return r;
}
using Change = EvalRunComparison::Change;
} // namespace

void TestEvalRunComparison::everyChangeInRunOrderThenMissing()
{
    const QList<EvalCaseResult> baseline {result(u"a"_s, true), result(u"b"_s, false), result(u"c"_s, true),
                                          result(u"d"_s, false), result(u"gone"_s, true)};
    const QList<EvalCaseResult> current {result(u"d"_s, false), result(u"c"_s, true), result(u"a"_s, false),
                                         result(u"b"_s, true), result(u"fresh"_s, false), result(u"a"_s, true)};
    const QList<EvalRunComparison::Row> rows = EvalRunComparison::compare(current, baseline, true);
    QCOMPARE(rows.size(), 6);
    const QList<std::pair<QString, Change>> expected {{u"d"_s, Change::StillFails},  {u"c"_s, Change::StillPasses},
                                                      {u"a"_s, Change::Regressed},   {u"b"_s, Change::Fixed},
                                                      {u"fresh"_s, Change::New},     {u"gone"_s, Change::Missing}};
    for (int i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows.at(i).caseId, expected.at(i).first);
        QCOMPARE(rows.at(i).change, expected.at(i).second);
    }
    // A repeated id in the run counts once, as first seen.
    QVERIFY(rows.at(2).current && !rows.at(2).current->passed);
    QVERIFY(!rows.at(5).current && rows.at(5).baseline);
    QVERIFY(!rows.at(4).baseline);
    QVERIFY(EvalRunComparison::isFlip(Change::Regressed) && EvalRunComparison::isFlip(Change::Fixed));
    QVERIFY(!EvalRunComparison::isFlip(Change::New));
}

void TestEvalRunComparison::withoutBaselineEveryCaseIsNew()
{
    const QList<EvalRunComparison::Row> rows
        = EvalRunComparison::compare({result(u"a"_s, true), result(u"b"_s, false)}, {result(u"a"_s, false)}, false);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).change, Change::New);
    QCOMPARE(rows.at(1).change, Change::New);
    QVERIFY(!rows.at(0).baseline);
}

void TestEvalRunComparison::failureReasonPrefersTheError()
{
    EvalCaseResult r = result(u"x"_s, false);
    r.assertions.append({u"contains"_s, u"ok"_s, true, {}});
    r.assertions.append({u"regex"_s, u"^a"_s, false, u"no match in \"b\""_s});
    QCOMPARE(EvalRunComparison::failureReason(r), u"regex: no match in \"b\""_s);
    r.error = u"HTTP 503"_s;
    QCOMPARE(EvalRunComparison::failureReason(r), u"HTTP 503"_s);
    QCOMPARE(EvalRunComparison::failureReason(result(u"y"_s, true)), QString());
}

QTEST_MAIN(TestEvalRunComparison)
#include "TestEvalRunComparison.moc"
