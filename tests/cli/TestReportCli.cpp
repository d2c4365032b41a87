// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"
#include "demo/DemoProject.h"
#include "demo/DemoService.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * `liftoff report` end to end: the built binary on the demo project after a real `check` against
 * the embedded demo service and a manual tick, in every format, plus the errors a user can make.
 */
class TestReportCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void markdownHasItemsEvidenceAndTheAuditTrail();
    void jsonIsTheStatusReportPlusTheAuditTrail();
    void htmlDrawsTheChartsAndHidesSecrets();
    void pdfIsWrittenWithTheFormatFromTheSuffix();
    void junitMatchesStatus();
    void badRequestsSayWhatToDoAndKeepTheOldFile();

private:
    TestSupport::ProcessResult liftoff(const QStringList &args);
    QByteArray readFile(const QString &path) const;
    QTemporaryDir m_dir;
    std::unique_ptr<DemoService> m_service;
    QStringList m_common;
    QMap<QString, QString> m_env;
    QString m_adminToken;
};

void TestReportCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    DemoServiceOptions options;
    options.slowDelayMs = 300;
    m_adminToken = options.adminToken;
    m_service = std::make_unique<DemoService>(options);
    QVERIFY2(m_service->start(0), qPrintable(m_service->errorString()));
    QCOMPARE(DemoProject::write(m_dir.path(), m_service->baseUrl(), QStringLiteral(LIFTOFF_BINARY)), QString());
    m_common = {u"--config"_s, m_dir.filePath(u"liftoff.yaml"_s), u"--db"_s, m_dir.filePath(u"report.sqlite"_s)};
    m_env.insert(QString::fromLatin1(DemoProject::ADMIN_KEY_VARIABLE), options.adminToken);
    m_env.insert(u"LIFTOFF_DEMO_BEARER"_s, u"Bearer "_s + options.adminToken);
    m_env.insert(QString::fromLatin1(DemoProject::SLACK_URL_VARIABLE),
                 m_service->baseUrl().toString() + u"/webhooks/release-room"_s);
    auto r = liftoff({u"deploy"_s, u"new"_s, u"--name"_s, u"rep-1"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = liftoff({u"check"_s});
    QCOMPARE(r.exitCode, 1); // the demo's deliberate defects
    r = liftoff({u"mark"_s, u"api.keys-scoped"_s, u"--status"_s, u"pass"_s, u"--note"_s,
                 u"keys are per service, see https://wiki.example.test/keys"_s, u"--by"_s, u"ana"_s});
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
}

TestSupport::ProcessResult TestReportCli::liftoff(const QStringList &args)
{
    return TestSupport::runLiftoffServing(args + m_common, m_env);
}

QByteArray TestReportCli::readFile(const QString &path) const
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestReportCli::markdownHasItemsEvidenceAndTheAuditTrail()
{
    const auto r = liftoff({u"report"_s});
    QCOMPARE(r.exitCode, 1);
    const QString md = QString::fromUtf8(r.out);
    QVERIFY2(md.startsWith(u"# liftoff-demo · rep-1"_s) || md.startsWith(u"# "_s), qPrintable(md.left(200)));
    QVERIFY(md.contains(u"**Verdict: No-Go**"_s));
    QVERIFY(md.contains(u"### pass `infra.health`"_s));
    QVERIFY(md.contains(u"- ✓ `[STATUS] == 200` (actual 200)"_s));
    QVERIFY(md.contains(u"```json"_s));
    QVERIFY(md.contains(u"## Audit trail"_s));
    QVERIFY(md.contains(u"| ana | api.keys-scoped | tick |"_s));
    QVERIFY(!md.contains(m_adminToken));
}

void TestReportCli::jsonIsTheStatusReportPlusTheAuditTrail()
{
    const QString path = m_dir.filePath(u"report.json"_s);
    const auto r = liftoff({u"report"_s, u"--out"_s, path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("wrote the json report of rep-1"), r.out.constData());
    const QJsonObject report = QJsonDocument::fromJson(readFile(path)).object();
    const QJsonObject status = QJsonDocument::fromJson(liftoff({u"status"_s, u"--format"_s, u"json"_s}).out).object();
    QCOMPARE(report[u"verdict"_s], status[u"verdict"_s]);
    QCOMPARE(report[u"items"_s], status[u"items"_s]);
    QCOMPARE(report[u"counts"_s], status[u"counts"_s]);
    const QJsonArray audit = report[u"audit"_s].toArray();
    QVERIFY(audit.size() > 10);
    bool tick = false;
    for (const QJsonValue &a : audit)
        tick = tick || (a[u"item"_s].toString() == u"api.keys-scoped" && a[u"who"_s].toString() == u"ana");
    QVERIFY(tick);
}

void TestReportCli::htmlDrawsTheChartsAndHidesSecrets()
{
    const QString path = m_dir.filePath(u"report.html"_s);
    const auto r = liftoff({u"report"_s, u"--format"_s, u"html"_s, u"--out"_s, path});
    QCOMPARE(r.exitCode, 1);
    const QString html = QString::fromUtf8(readFile(path));
    QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
    QVERIFY(html.contains(u"Verdict: No-Go"_s));
    // The demo's month of spend and the latency check give two charts besides the status bar.
    QCOMPARE(html.count(u"<svg "_s), 3);
    QVERIFY(html.contains(u"Spend per day"_s));
    QVERIFY(html.contains(u"Latency percentiles of the h24.latency checks"_s));
    QVERIFY(html.contains(u"<h2>Audit trail</h2>"_s));
    QVERIFY(!html.contains(m_adminToken));
}

void TestReportCli::pdfIsWrittenWithTheFormatFromTheSuffix()
{
    const QString path = m_dir.filePath(u"report.pdf"_s);
    const auto r = liftoff({u"report"_s, u"--out"_s, path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("wrote the pdf report"), r.err.constData());
    QVERIFY2(r.err.isEmpty(), r.err.constData()); // no platform chatter on stderr
    const QByteArray pdf = readFile(path);
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    QVERIFY2(pdf.size() > 20000, QByteArray::number(pdf.size()).constData()); // text, tables and three charts
    QVERIFY(pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") + pdf.count("/Type/Page") >= 2);
}

void TestReportCli::junitMatchesStatus()
{
    const auto report = liftoff({u"report"_s, u"--format"_s, u"junit"_s});
    const auto status = liftoff({u"status"_s, u"--format"_s, u"junit"_s});
    QCOMPARE(report.exitCode, status.exitCode);
    QCOMPARE(report.out, status.out);
}

void TestReportCli::badRequestsSayWhatToDoAndKeepTheOldFile()
{
    auto r = liftoff({u"report"_s, u"--format"_s, u"docx"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("unknown --format 'docx'; use markdown, html, pdf, json, junit"), r.err.constData());
    r = liftoff({u"report"_s, u"--format"_s, u"pdf"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("a PDF needs --out FILE"), r.err.constData());
    r = liftoff({u"report"_s, u"--out"_s, m_dir.filePath(u"no/such/dir/report.md"_s)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("cannot write"), r.err.constData());
    // An existing report is replaced only by a complete one.
    const QString path = m_dir.filePath(u"keep.md"_s);
    {
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old report\n");
    }
    r = TestSupport::runLiftoffServing({u"report"_s, u"--out"_s, path, u"--config"_s, m_dir.filePath(u"liftoff.yaml"_s),
                                        u"--db"_s, m_dir.filePath(u"report.sqlite"_s), u"--deployment"_s, u"nope"_s},
                                       m_env);
    QVERIFY(r.exitCode != 0 && r.exitCode != 1);
    QCOMPARE(readFile(path), QByteArray("old report\n"));
}

QTEST_GUILESS_MAIN(TestReportCli)
#include "TestReportCli.moc"
