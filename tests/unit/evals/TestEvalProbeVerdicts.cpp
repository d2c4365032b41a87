// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalProbe.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

/** The verdicts of the four eval items, from values (no network, no store). */
class TestEvalProbeVerdicts : public QObject
{
    Q_OBJECT

private slots:
    void datasetNeedsEnoughCases();
    void structuredOutputNamesInvalidCases();
    void baselineNeedsABlessingForTheseVersions();
    void regressionAgainstTheBaseline_data();
    void regressionAgainstTheBaseline();
    void conditionsOverrideTheDefault();
};

namespace {
EvalCaseResult result(const QString &id, bool passed, bool schema = false)
{
    EvalCaseResult r;
    r.caseId = id;
    r.passed = passed;
    r.assertions.append({schema ? u"json_schema"_s : u"contains"_s, u"x"_s, passed,
                         passed ? QString() : u"/id: expected string, got integer"_s});
    return r;
}
EvalRunRecord run(qint64 id, int total, int passed)
{
    EvalRunRecord r;
    r.id = id;
    r.state = u"complete"_s;
    r.casesTotal = total;
    r.casesRun = total;
    r.casesPassed = passed;
    return r;
}
} // namespace

void TestEvalProbeVerdicts::datasetNeedsEnoughCases()
{
    EvalDataset d;
    d.path = u"evals/cases.yaml"_s;
    for (int i = 0; i < 19; ++i)
        d.cases.append(EvalCase {u"c%1"_s.arg(i), u"hi"_s, {}, i + 1});
    ProbeResult r = EvalProbe::datasetVerdict(u"qa.eval-dataset"_s, d, 20);
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(r.summary, u"only 19 cases in evals/cases.yaml; at least 20 are needed"_s);
    d.cases.append(EvalCase {u"c19"_s, u"hi"_s, {}, 20});
    r = EvalProbe::datasetVerdict(u"qa.eval-dataset"_s, d, 20);
    QCOMPARE(r.status, Status::Pass);
    d.errors.append({u"evals/cases.yaml"_s, 4, 7, u"unknown assertion `contain`"_s});
    r = EvalProbe::datasetVerdict(u"qa.eval-dataset"_s, d, 20);
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(r.summary, u"evals/cases.yaml:4:7: error: unknown assertion `contain`"_s);
}

void TestEvalProbeVerdicts::structuredOutputNamesInvalidCases()
{
    ProbeResult r = EvalProbe::structuredVerdict(u"qa.structured-output"_s,
                                                 {result(u"a"_s, true, true), result(u"b"_s, false, true),
                                                  result(u"prose"_s, false)},
                                                 u"eval run 3"_s);
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(r.summary, u"1 of 2 json_schema cases return invalid output: b (b: /id: expected string, got integer)"_s);
    r = EvalProbe::structuredVerdict(u"qa.structured-output"_s, {result(u"a"_s, true, true), result(u"prose"_s, false)},
                                     u"eval run 3"_s);
    QCOMPARE(r.status, Status::Pass); // a failing non-schema case does not count here
    r = EvalProbe::structuredVerdict(u"qa.structured-output"_s, {result(u"prose"_s, true)}, u"eval run 3"_s);
    QCOMPARE(r.status, Status::Warn);
}

void TestEvalProbeVerdicts::baselineNeedsABlessingForTheseVersions()
{
    const QString key = u"prompts/a.md=2222222222222222222222222222222222222222\nprompts/b.md=1"_s;
    ProbeResult r = EvalProbe::baselineVerdict(u"qa.baseline-recorded"_s, key, std::nullopt, std::nullopt);
    QCOMPARE(r.status, Status::Fail);
    QVERIFY(r.summary.startsWith(u"no eval run has been blessed yet"_s));
    EvalBlessing old {1, 4, 1, 1, u"prompts/a.md=1111111111111111111111111111111111111111\nprompts/b.md=1"_s, u"ana"_s,
                      QDateTime(QDate(2026, 11, 2), QTime(9, 0), Qt::UTC), u"first baseline"_s};
    r = EvalProbe::baselineVerdict(u"qa.baseline-recorded"_s, key, std::nullopt, std::make_pair(old, run(4, 20, 18)));
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(r.summary, u"prompts changed since the blessed baseline (eval run 4): prompts/a.md (1111111 → 2222222); "
                        u"run `liftoff eval run`, then `liftoff eval bless RUN --note WHY`"_s);
    EvalBlessing current = old;
    current.promptKey = key;
    r = EvalProbe::baselineVerdict(u"qa.baseline-recorded"_s, key, std::make_pair(current, run(4, 20, 18)), std::nullopt);
    QCOMPARE(r.status, Status::Pass);
    QCOMPARE(r.summary, u"eval run 4 (18 of 20 cases pass, 90.0%) is the baseline of these prompt versions, blessed by "
                        u"ana on 2026-11-02: first baseline"_s);
}

void TestEvalProbeVerdicts::regressionAgainstTheBaseline_data()
{
    QTest::addColumn<int>("passedNow");
    QTest::addColumn<double>("tolerance");
    QTest::addColumn<Status>("status");
    QTest::addColumn<QString>("summaryStart");
    QTest::newRow("same score") << 9 << 0.02 << Status::Pass << u"score 90.0% against the baseline's 90.0%"_s;
    QTest::newRow("drop within tolerance") << 8 << 0.1 << Status::Warn << u"score 80.0% against the baseline's 90.0%"_s;
    QTest::newRow("drop beyond tolerance") << 7 << 0.1 << Status::Fail << u"score 70.0% against the baseline's 90.0%"_s;
}

void TestEvalProbeVerdicts::regressionAgainstTheBaseline()
{
    QFETCH(int, passedNow);
    QFETCH(double, tolerance);
    QFETCH(Status, status);
    QFETCH(QString, summaryStart);
    QList<EvalCaseResult> baseline, now;
    for (int i = 0; i < 10; ++i) {
        baseline.append(result(u"c%1"_s.arg(i), i < 9));
        now.append(result(u"c%1"_s.arg(i), i < passedNow));
    }
    const ProbeResult r = EvalProbe::regressionVerdict(u"w1.regression-prod"_s, run(8, 10, passedNow), now, run(5, 10, 9),
                                                       baseline, tolerance);
    QCOMPARE(r.status, status);
    QVERIFY2(r.summary.startsWith(summaryStart), qPrintable(r.summary));
    if (status == Status::Fail)
        QVERIFY2(r.summary.endsWith(u"regressed: c7, c8"_s), qPrintable(r.summary));
    EvalRunRecord stopped = run(9, 10, 3);
    stopped.casesRun = 4;
    stopped.state = u"budget"_s;
    QCOMPARE(EvalProbe::regressionVerdict(u"w1.regression-prod"_s, stopped, now, run(5, 10, 9), baseline, 0.02).status,
             Status::Error);
}

void TestEvalProbeVerdicts::conditionsOverrideTheDefault()
{
    ProbeResult r;
    r.status = Status::Pass;
    EvalProbe::applyConditions(r, {u"[SCORE] >= 0.95"_s}, {{u"SCORE"_s, 0.9}});
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(r.conditions.size(), 1);
    QCOMPARE(r.evidence.value(u"score"_s).toDouble(), 0.9);
}

QTEST_APPLESS_MAIN(TestEvalProbeVerdicts)
#include "TestEvalProbeVerdicts.moc"
