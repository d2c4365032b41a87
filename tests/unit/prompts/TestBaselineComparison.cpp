// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/MarkRules.h"
#include "prompts/BaselineComparison.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QDateTime T0 = QDateTime::fromSecsSinceEpoch(1790000000, Qt::UTC);

DeploymentRecord deployment(qint64 id, const QString &name, int hoursAfterT0)
{
    DeploymentRecord d;
    d.id = id;
    d.projectId = 1;
    d.name = name;
    d.environment = u"production"_s;
    d.version = name;
    d.created = T0.addSecs(hoursAfterT0 * 3600);
    return d;
}

/** "answer.md=aaa,rules.md=bbb" → git records; "lf:support-answer=4" → a Langfuse record. */
QList<DeploymentPromptRecord> prompts(const QString &spec)
{
    QList<DeploymentPromptRecord> out;
    for (const QString &part : spec.split(u',', Qt::SkipEmptyParts)) {
        DeploymentPromptRecord r;
        QString text = part;
        r.source = u"git"_s;
        if (text.startsWith(u"lf:"_s)) {
            r.source = u"langfuse"_s;
            text = text.mid(3);
        }
        r.prompt = text.section(u'=', 0, 0);
        r.version = text.section(u'=', 1, 1);
        out.append(r);
    }
    return out;
}

ItemState manual(Status status)
{
    ItemState s;
    s.itemId = QString::fromLatin1(BaselineComparison::ITEM);
    s.status = status;
    s.baseStatus = status;
    s.source = StatusSource::Manual;
    s.by = u"alice"_s;
    s.summary = u"evals scored 0.91"_s;
    return s;
}

BaselineComparison::Blessing blessing(const DeploymentRecord &d, const QString &spec)
{
    return {{d, prompts(spec)}, u"alice"_s, d.created.addSecs(600), u"evals 0.91 on 40 cases"_s};
}
} // namespace

/** qa.baseline-recorded's stand-in: which blessed baseline applies, and what it says. Pure. */
class TestBaselineComparison : public QObject
{
    Q_OBJECT

private slots:
    void compare_data();
    void compare();
    void evidenceListsBaselineVersionsAndChanges();
    void versionNumbersFromAGitCatalog();
    void summaryNamesEveryChangedPrompt();
    void failureLetsAPersonPassToBless();
};

void TestBaselineComparison::compare_data()
{
    QTest::addColumn<QString>("currentPrompts");
    QTest::addColumn<int>("currentState"); // 0 none, 1 manual pass, 2 manual fail, 3 probe fail
    QTest::addColumn<QStringList>("blessed"); // "name:hours:spec" (spec with ';' for ',')
    QTest::addColumn<bool>("record");
    QTest::addColumn<Status>("status");
    QTest::addColumn<QString>("baseline");
    QTest::addColumn<QString>("summaryContains");

    QTest::newRow("no blessing ever") << u"answer.md=aaa"_s << 0 << QStringList {} << true << Status::NotReported
                                      << QString() << u"no blessed baseline yet for answer.md aaa"_s;
    QTest::newRow("unchanged since the baseline")
        << u"answer.md=aaa"_s << 0 << QStringList {u"d1:0:answer.md=aaa"_s} << true << Status::Pass << u"d1"_s
        << u"the baseline blessed on d1 covers these prompt versions"_s;
    QTest::newRow("changed since the baseline")
        << u"answer.md=bbb"_s << 0 << QStringList {u"d1:0:answer.md=aaa"_s} << true << Status::Fail << u"d1"_s
        << u"answer.md changed since the blessed baseline of d1 (aaa → bbb): run and bless a new baseline"_s;
    QTest::newRow("a new prompt is a change")
        << u"answer.md=aaa,rules.md=ccc"_s << 0 << QStringList {u"d1:0:answer.md=aaa"_s} << true << Status::Fail
        << u"d1"_s << u"rules.md changed since the blessed baseline of d1 (new: ccc)"_s;
    QTest::newRow("a removed prompt is not")
        << u"answer.md=aaa"_s << 0 << QStringList {u"d1:0:answer.md=aaa;rules.md=ccc"_s} << true << Status::Pass
        << u"d1"_s << u"covers these prompt versions"_s;
    QTest::newRow("the newest earlier blessing counts")
        << u"answer.md=bbb"_s << 0 << QStringList {u"d1:0:answer.md=aaa"_s, u"d2:1:answer.md=bbb"_s} << true
        << Status::Pass << u"d2"_s << u"blessed on d2"_s;
    QTest::newRow("blessings listed in any order")
        << u"answer.md=bbb"_s << 0 << QStringList {u"d2:1:answer.md=bbb"_s, u"d1:0:answer.md=aaa"_s} << true
        << Status::Pass << u"d2"_s << u"blessed on d2"_s;
    QTest::newRow("later deployments do not count")
        << u"answer.md=bbb"_s << 0 << QStringList {u"d1:0:answer.md=aaa"_s, u"d9:9:answer.md=bbb"_s} << true
        << Status::Fail << u"d1"_s << u"(aaa → bbb)"_s;
    QTest::newRow("a person's pass on this deployment stands")
        << u"answer.md=bbb"_s << 1 << QStringList {u"d1:0:answer.md=aaa"_s, u"cur:5:answer.md=bbb"_s} << false
        << Status::Pass << u"cur"_s << u"the baseline blessed on cur covers these prompt versions"_s;
    QTest::newRow("a person's fail on this deployment stands")
        << u"answer.md=aaa"_s << 2 << QStringList {u"d1:0:answer.md=aaa"_s} << false << Status::Fail << QString()
        << u"failed by hand on cur"_s;
    QTest::newRow("a probe's own fail is compared again")
        << u"answer.md=aaa"_s << 3 << QStringList {u"d1:0:answer.md=aaa"_s} << true << Status::Pass << u"d1"_s
        << u"covers"_s;
    QTest::newRow("this deployment's stale blessing is not a baseline")
        << u"answer.md=bbb"_s << 0 << QStringList {u"cur:5:answer.md=bbb"_s} << true << Status::NotReported
        << QString() << u"no blessed baseline yet"_s;
    QTest::newRow("nothing recorded for this deployment")
        << QString() << 0 << QStringList {u"d1:0:answer.md=aaa"_s} << true << Status::NotReported << QString()
        << u"no prompt versions are recorded for cur"_s;
    QTest::newRow("the baseline recorded nothing")
        << u"answer.md=aaa"_s << 0 << QStringList {u"d1:0:"_s} << true << Status::NotReported << u"d1"_s
        << u"the baseline blessed on d1 has no recorded prompt versions"_s;
    QTest::newRow("Langfuse versions")
        << u"lf:support-answer=4"_s << 0 << QStringList {u"d1:0:lf:support-answer=2"_s} << true << Status::Fail
        << u"d1"_s << u"support-answer changed since the blessed baseline of d1 (v2 → v4): run and bless a new baseline"_s;
    QTest::newRow("another source is another version")
        << u"answer.md=aaa"_s << 0 << QStringList {u"d1:0:lf:answer.md=aaa"_s} << true << Status::Fail << u"d1"_s
        << u"answer.md changed"_s;
}

void TestBaselineComparison::compare()
{
    QFETCH(QString, currentPrompts);
    QFETCH(int, currentState);
    QFETCH(QStringList, blessed);
    QFETCH(bool, record);
    QFETCH(Status, status);
    QFETCH(QString, baseline);
    QFETCH(QString, summaryContains);

    BaselineComparison::Input input;
    input.current = {deployment(50, u"cur"_s, 5), prompts(currentPrompts)};
    if (currentState == 1)
        input.currentState = manual(Status::Pass);
    else if (currentState == 2)
        input.currentState = manual(Status::Fail);
    if (currentState == 3) {
        input.currentState.source = StatusSource::Probe;
        input.currentState.status = Status::Fail;
    }
    qint64 id = 1;
    for (const QString &b : blessed) {
        const QString name = b.section(u':', 0, 0);
        DeploymentRecord d = name == u"cur" ? input.current.deployment
                                            : deployment(id++, name, b.section(u':', 1, 1).toInt());
        input.blessings.append(blessing(d, b.section(u':', 2).replace(u';', u',')));
    }
    const BaselineComparison::Outcome outcome = BaselineComparison::compare(input);
    QCOMPARE(outcome.record, record);
    QCOMPARE(outcome.status, status);
    QCOMPARE(outcome.baseline, baseline);
    QVERIFY2(outcome.summary.contains(summaryContains), qPrintable(outcome.summary));
}

void TestBaselineComparison::evidenceListsBaselineVersionsAndChanges()
{
    const DeploymentRecord d1 = deployment(1, u"prod-1"_s, 0);
    BaselineComparison::Input input;
    input.current = {deployment(2, u"prod-2"_s, 1), prompts(u"answer.md=bbbbbbbbbb,rules.md=cccccccccc"_s)};
    input.blessings = {blessing(d1, u"answer.md=aaaaaaaaaa,rules.md=cccccccccc"_s)};
    input.numbers[u"answer.md"_s] = {{u"aaaaaaaaaa"_s, 2}, {u"bbbbbbbbbb"_s, 4}};
    const BaselineComparison::Outcome outcome = BaselineComparison::compare(input);
    QCOMPARE(outcome.status, Status::Fail);
    QCOMPARE(outcome.changed, QStringList {u"answer.md"_s});
    QCOMPARE(outcome.summary, u"answer.md changed since the blessed baseline of prod-1 (v2 aaaaaaa → v4 bbbbbbb): run "
                              u"and bless a new baseline"_s);
    const QJsonObject e = outcome.evidence;
    QCOMPARE(e[u"baseline"_s][u"deployment"_s].toString(), u"prod-1"_s);
    QCOMPARE(e[u"baseline"_s][u"blessedBy"_s].toString(), u"alice"_s);
    QCOMPARE(e[u"baseline"_s][u"note"_s].toString(), u"evals 0.91 on 40 cases"_s);
    QCOMPARE(e[u"changed"_s].toArray(), QJsonArray {u"answer.md"_s});
    const QJsonArray versions = e[u"prompts"_s].toArray();
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions[0][u"prompt"_s].toString(), u"answer.md"_s);
    QCOMPARE(versions[0][u"baseline"_s].toString(), u"v2 aaaaaaa"_s);
    QCOMPARE(versions[0][u"current"_s].toString(), u"v4 bbbbbbb"_s);
    QVERIFY(versions[0][u"changed"_s].toBool());
    QCOMPARE(versions[1][u"baseline"_s].toString(), u"ccccccc"_s); // no number known
    QVERIFY(!versions[1][u"changed"_s].toBool());
    QVERIFY(e[u"rule"_s].toString().contains(u"a person passes qa.baseline-recorded"_s));

    const ProbeRunRecord run = BaselineComparison::toRun(outcome, 2, T0);
    QCOMPARE(run.itemId, u"qa.baseline-recorded"_s);
    QCOMPARE(run.deploymentId, qint64(2));
    QCOMPARE(run.status, Status::Fail);
    QCOMPARE(run.summary, outcome.summary);
}

void TestBaselineComparison::versionNumbersFromAGitCatalog()
{
    PromptCatalog catalog;
    catalog.ok = true;
    PromptHistory history;
    history.name = u"prompts/answer.md"_s;
    for (const char *id : {"ccc", "bbb", "aaa"}) { // newest first
        PromptVersion v;
        v.id = QString::fromLatin1(id);
        history.versions.append(v);
    }
    catalog.prompts = {history};
    const BaselineComparison::VersionNumbers numbers = BaselineComparison::numbersOf(catalog);
    QCOMPARE(numbers.value(u"prompts/answer.md"_s).value(u"aaa"_s), 1);
    QCOMPARE(numbers.value(u"prompts/answer.md"_s).value(u"ccc"_s), 3);
    catalog.truncated = true; // counting from a cut history would be wrong
    QVERIFY(BaselineComparison::numbersOf(catalog).isEmpty());
    DeploymentPromptRecord lf {0, u"support-answer"_s, u"langfuse"_s, u"7"_s, u"production"_s, {}};
    QCOMPARE(BaselineComparison::versionText(lf, {}), u"v7"_s);
}

void TestBaselineComparison::summaryNamesEveryChangedPrompt()
{
    BaselineComparison::Input input;
    input.current = {deployment(9, u"prod-9"_s, 9), prompts(u"a=2,b=2,c=2,d=2,e=2,f=2"_s)};
    input.blessings = {blessing(deployment(1, u"prod-1"_s, 0), u"a=1,b=1,c=2"_s)};
    BaselineComparison::Outcome outcome = BaselineComparison::compare(input);
    QCOMPARE(outcome.changed, (QStringList {u"a"_s, u"b"_s, u"d"_s, u"e"_s, u"f"_s}));
    QCOMPARE(outcome.summary, u"a (1 → 2), b (1 → 2), d (new: 2) and 2 more changed since the blessed baseline of "
                              u"prod-1: run and bless a new baseline"_s);
    input.current.prompts = prompts(u"a=2,b=2"_s);
    outcome = BaselineComparison::compare(input);
    QCOMPARE(outcome.summary, u"a (1 → 2) and b (1 → 2) changed since the blessed baseline of prod-1: run and bless a "
                              u"new baseline"_s);
}

void TestBaselineComparison::failureLetsAPersonPassToBless()
{
    // The failure asks for exactly a person's pass: MarkRules lets that pass over it, and only that one.
    BaselineComparison::Input input;
    input.current = {deployment(2, u"prod-2"_s, 1), prompts(u"answer.md=bbb"_s)};
    input.blessings = {blessing(deployment(1, u"prod-1"_s, 0), u"answer.md=aaa"_s)};
    const BaselineComparison::Outcome outcome = BaselineComparison::compare(input);
    ItemState failing;
    failing.itemId = u"qa.baseline-recorded"_s;
    failing.status = Status::Fail;
    failing.source = StatusSource::Probe;
    failing.summary = outcome.summary;
    failing.evidence = outcome.evidence;
    ChecklistItem item;
    item.id = failing.itemId;
    item.binding = *Binding::parse(u"probe:eval"_s);
    MarkRequest pass {MarkRequest::Action::Pass, u"evals on v4: 0.93, blessed"_s, u"alice"_s, {}, {}};
    const MarkOutcome blessed = MarkRules::apply(item, failing, pass, T0);
    QVERIFY2(blessed.ok, qPrintable(blessed.error));
    QCOMPARE(blessed.state.status, Status::Pass);
    QCOMPARE(blessed.state.source, StatusSource::Manual);
    failing.evidence.remove(QLatin1StringView(MarkRules::PASS_RESOLVES_KEY));
    const MarkOutcome refused = MarkRules::apply(item, failing, pass, T0);
    QVERIFY(!refused.ok);
    QVERIFY(refused.error.contains(u"waive"_s));
}

QTEST_APPLESS_MAIN(TestBaselineComparison)
#include "TestBaselineComparison.moc"
