// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/ChecklistTemplate.h"
#include "checklist/Verdict.h"
#include "report/ReportDocument.h"
#include "report/ReportSvgCharts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

/** The report's content and charts from known data: exact values, escaping, redaction, limits. */
class TestReportDocument : public QObject
{
    Q_OBJECT

private slots:
    void spendChartHasABarPerDayAndTheBudgetLines();
    void latencyChartSkipsRunsWithoutPercentiles();
    void statusBarCountsEveryStatus();
    void htmlEscapesTextAndRedactsSecrets();
    void auditTrailKeepsTheNewestEvents();
};

namespace {
QJsonObject costEvidence(const QList<std::pair<QString, QString>> &days)
{
    QJsonArray daily;
    for (const auto &[date, usd] : days)
        daily.append(QJsonObject {{u"date"_s, date}, {u"usd"_s, usd}});
    return QJsonObject {{u"daily"_s, daily}, {u"monthToDateUsd"_s, u"6"_s}};
}

ProbeRunRecord latencyRun(const QString &at, const QJsonObject &evidence)
{
    ProbeRunRecord r;
    r.itemId = u"h24.latency"_s;
    r.startedAt = QDateTime::fromString(at, Qt::ISODate);
    r.evidence = evidence;
    return r;
}

ReportData sampleData()
{
    ReportData data;
    data.projectName = u"bot <beta>"_s;
    data.deployment.id = 1;
    data.deployment.name = u"prod-1"_s;
    data.deployment.environment = u"production"_s;
    data.deployment.version = u"v1"_s;
    data.generatedAt = QDateTime::fromString(u"2026-11-27T10:00:00Z"_s, Qt::ISODate);
    const ChecklistTemplate &checklist = ChecklistTemplate::builtIn();
    for (const ChecklistItem &item : checklist.items()) {
        EvaluatedItem e;
        e.item = item;
        e.state.itemId = item.id;
        if (item.id == u"infra.health") {
            e.effective = Status::Pass;
            e.state.status = Status::Pass;
            e.state.note = u"<script>alert(1)</script>"_s;
            e.state.evidence = QJsonObject {{u"url"_s, u"https://api.example.com/health"_s},
                                            {u"headers"_s, QJsonObject {{u"Authorization"_s, u"Bearer sk-abcdefghijkl7788"_s}}}};
        }
        data.items.append(e);
    }
    return data;
}
} // namespace

void TestReportDocument::spendChartHasABarPerDayAndTheBudgetLines()
{
    const QString svg = ReportSvgCharts::spend(costEvidence({{u"2026-11-01"_s, u"1.5"_s},
                                                             {u"2026-11-02"_s, u"2.25"_s},
                                                             {u"2026-11-03"_s, u"2.25"_s}}),
                                               100.0, {50, 75, 90});
    QVERIFY(svg.startsWith(u"<svg "_s));
    QCOMPARE(svg.count(u"<title>2026-11-0"_s), 3);
    QVERIFY(svg.contains(u"<title>2026-11-02: $2.25</title>"_s));
    QVERIFY(svg.contains(u">50 %</text>"_s) && svg.contains(u">90 %</text>"_s));
    QVERIFY(svg.contains(u"budget $100.00"_s));
    QVERIFY(svg.contains(u"November 2026"_s));
    // Nothing to draw: no chart at all.
    QVERIFY(ReportSvgCharts::spend({}, 100.0, {50}).isEmpty());
    // Bad values from a hand-edited store are left out rather than drawn.
    QCOMPARE(ReportSvgCharts::spend(costEvidence({{u"2026-11-01"_s, u"-3"_s}, {u"not a date"_s, u"1"_s}}), {}, {}),
             QString());
}

void TestReportDocument::latencyChartSkipsRunsWithoutPercentiles()
{
    const QList<ProbeRunRecord> runs {
        latencyRun(u"2026-11-27T08:00:00Z"_s, {{u"p50Ms"_s, 800}, {u"p95Ms"_s, 2100}, {u"p99Ms"_s, 4000}}),
        latencyRun(u"2026-11-27T09:00:00Z"_s, {{u"error"_s, u"no call source"_s}}),
        latencyRun(u"2026-11-27T10:00:00Z"_s, {{u"p50Ms"_s, 900}, {u"p95Ms"_s, 2500}, {u"p99Ms"_s, 5200}}),
    };
    const QString svg = ReportSvgCharts::latency(runs);
    QVERIFY(svg.contains(u"(2 runs)"_s));
    QCOMPARE(svg.count(u"<circle "_s), 6);
    QVERIFY(svg.contains(u"P99: 5200 ms"_s));
    QVERIFY(ReportSvgCharts::latency({runs.at(1)}).isEmpty());
}

void TestReportDocument::statusBarCountsEveryStatus()
{
    const QString svg = ReportSvgCharts::statusCounts({{Status::Pass, 3}, {Status::Fail, 1}, {Status::Pending, 41}});
    QVERIFY(svg.contains(u"pass 3"_s) && svg.contains(u"fail 1"_s) && svg.contains(u"pending 41"_s));
    QVERIFY(!svg.contains(u"warn"_s));
    QVERIFY(ReportSvgCharts::statusCounts({}).isEmpty());
}

void TestReportDocument::htmlEscapesTextAndRedactsSecrets()
{
    const ReportDocument document(sampleData());
    const QString html = document.html();
    QVERIFY(html.contains(u"bot &lt;beta&gt; · prod-1"_s));
    QVERIFY(!html.contains(u"<script>"_s));
    QVERIFY(html.contains(u"&lt;script&gt;alert(1)&lt;/script&gt;"_s));
    QVERIFY(!html.contains(u"sk-abcdefghijkl7788"_s));
    QVERIFY(html.contains(u"7788"_s));
    const QString markdown = document.markdown();
    QVERIFY(!markdown.contains(u"sk-abcdefghijkl7788"_s));
    QVERIFY(markdown.contains(u"### pass `infra.health`"_s));
    // PDF mode refers to chart images instead of inlining SVG.
    const QString forPdf = document.html(ReportDocument::Charts::ImageReferences);
    QVERIFY(!forPdf.contains(u"<svg"_s));
    QVERIFY(forPdf.contains(ReportDocument::chartUrl(u"status"_s)));
}

void TestReportDocument::auditTrailKeepsTheNewestEvents()
{
    ReportData data = sampleData();
    const QDateTime t0 = QDateTime::fromString(u"2026-11-27T00:00:00Z"_s, Qt::ISODate);
    for (qsizetype i = 0; i < ReportDocument::MAX_AUDIT_EVENTS + 3; ++i) {
        AuditEvent e;
        e.at = t0.addSecs(i);
        e.who = u"ana"_s;
        e.kind = u"note"_s;
        e.note = u"event %1"_s.arg(i);
        data.audit.append(e);
    }
    const ReportDocument document(data);
    const QJsonObject json = document.json();
    QCOMPARE(json[u"audit"_s].toArray().size(), ReportDocument::MAX_AUDIT_EVENTS);
    QCOMPARE(json[u"auditOmitted"_s].toInteger(), 3);
    QCOMPARE(json[u"audit"_s].toArray().first()[u"note"_s].toString(), u"event 3"_s);
    QVERIFY(document.markdown().contains(u"The 3 oldest events are left out."_s));
}

QTEST_APPLESS_MAIN(TestReportDocument)
#include "TestReportDocument.moc"
