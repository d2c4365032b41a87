// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/ChecklistTemplate.h"
#include "checklist/MarkRules.h"
#include "config/ProjectConfig.h"
#include "prompts/BaselineCheck.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QDateTime T0 = QDateTime::fromSecsSinceEpoch(1790000000, Qt::UTC);
const QString ITEM = u"qa.baseline-recorded"_s;
} // namespace

/** The baseline stand-in against a real SQLite store: blessings by hand, runs stored, a person's tick kept. */
class TestBaselineCheck : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void blessedBaselineFlagsChangedPrompts();
    void aPersonsTickOnTheDeploymentIsNeverOverwritten();
    void otherProjectsDoNotBless();
    void appliesOnlyWithPromptsAndWithoutAnEvalRunner();

private:
    DeploymentRecord deploy(qint64 projectId, const QString &name, int hours, const QString &answerVersion);
    void tick(qint64 deploymentId, MarkRequest::Action action, const QString &who);
    ItemState state(qint64 deploymentId);
    int runCount(qint64 deploymentId);
    BaselineComparison::Outcome check(qint64 deploymentId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ChecklistRepository> m_repo;
    qint64 m_projectId = 0;
};

void TestBaselineCheck::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_database = std::make_unique<Database>();
    QVERIFY(!m_database->open(m_dir->filePath(u"liftoff.sqlite"_s)).isError());
    m_repo = std::make_unique<ChecklistRepository>(*m_database);
    QVERIFY(!m_repo->ensureProject(u"shop-bot"_s, u"/shop/liftoff.yaml"_s, &m_projectId).isError());
}

void TestBaselineCheck::cleanup()
{
    m_repo.reset();
    m_database.reset();
    m_dir.reset();
}

DeploymentRecord TestBaselineCheck::deploy(qint64 projectId, const QString &name, int hours,
                                           const QString &answerVersion)
{
    DeploymentRecord d {0, projectId, name, u"production"_s, name, u"c0ffee"_s, T0.addSecs(hours * 3600), {}};
    if (m_repo->createDeployment(&d, u"ci"_s).isError())
        return {};
    PromptVersionRepository prompts(*m_database);
    prompts.record({d.id, u"prompts/answer.md"_s, u"git"_s, answerVersion, {}, d.created});
    prompts.record({d.id, u"prompts/rules.md"_s, u"git"_s, u"rules0001"_s, {}, d.created});
    return d;
}

void TestBaselineCheck::tick(qint64 deploymentId, MarkRequest::Action action, const QString &who)
{
    const ChecklistItem *item = ChecklistTemplate::builtIn().find(ITEM);
    QVERIFY(item);
    const MarkRequest request {action, u"evals: 38/40 cases pass; blessed as the baseline"_s, who, {}, {}};
    const MarkOutcome outcome = MarkRules::apply(*item, state(deploymentId), request, QDateTime::currentDateTimeUtc());
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    const ItemChange change {deploymentId, outcome.state, outcome.auditKind, who, request.note,
                             QDateTime::currentDateTimeUtc()};
    AuditEvent event;
    QVERIFY(!m_repo->applyChange(change, &event).isError());
}

ItemState TestBaselineCheck::state(qint64 deploymentId)
{
    QHash<QString, ItemState> states;
    if (m_repo->itemStates(deploymentId, &states).isError())
        return {};
    return states.value(ITEM);
}

int TestBaselineCheck::runCount(qint64 deploymentId)
{
    QList<ProbeRunRecord> runs;
    m_repo->probeRuns(deploymentId, ITEM, 100, &runs);
    return static_cast<int>(runs.size());
}

BaselineComparison::Outcome TestBaselineCheck::check(qint64 deploymentId)
{
    BaselineComparison::Outcome outcome;
    const StoreError e = BaselineCheck::run(*m_database, deploymentId, {}, &outcome);
    if (e.isError())
        qWarning() << e.message;
    return outcome;
}

void TestBaselineCheck::blessedBaselineFlagsChangedPrompts()
{
    const DeploymentRecord d1 = deploy(m_projectId, u"prod-1"_s, 0, u"1111111aa"_s);
    const DeploymentRecord d2 = deploy(m_projectId, u"prod-2"_s, 1, u"2222222bb"_s);
    QVERIFY(d1.id && d2.id);

    BaselineComparison::Outcome outcome = check(d2.id);
    QCOMPARE(outcome.status, Status::NotReported);
    QCOMPARE(state(d2.id).status, Status::NotReported);
    QCOMPARE(state(d2.id).source, StatusSource::Probe);
    QVERIFY(state(d2.id).summary.startsWith(u"no blessed baseline yet"_s));

    tick(d1.id, MarkRequest::Action::Pass, u"alice"_s); // the blessing
    outcome = check(d2.id);
    QCOMPARE(outcome.status, Status::Fail);
    const ItemState flagged = state(d2.id);
    QCOMPARE(flagged.status, Status::Fail);
    QCOMPARE(flagged.summary, u"prompts/answer.md changed since the blessed baseline of prod-1 (1111111 → 2222222): run "
                              u"and bless a new baseline"_s);
    QCOMPARE(flagged.evidence[u"baseline"_s][u"deployment"_s].toString(), u"prod-1"_s);
    QCOMPARE(flagged.evidence[u"baseline"_s][u"blessedBy"_s].toString(), u"alice"_s);
    QVERIFY(flagged.evidence[u"baseline"_s][u"note"_s].toString().contains(u"38/40"_s));
    QCOMPARE(runCount(d2.id), 2);

    // The same check on the blessed deployment itself says nothing new: the person's pass stands.
    outcome = check(d1.id);
    QVERIFY(!outcome.record);
    QCOMPARE(outcome.status, Status::Pass);
    QCOMPARE(runCount(d1.id), 0);

    // By path, on the caller's thread: what the GUI's worker does.
    BaselineComparison::Input input;
    QVERIFY(!BaselineCheck::gather(m_dir->filePath(u"liftoff.sqlite"_s), d2.id, &input).isError());
    QCOMPARE(input.current.deployment.name, u"prod-2"_s);
    QCOMPARE(input.current.prompts.size(), 2);
    QCOMPARE(input.blessings.size(), 1);
    QCOMPARE(input.blessings.first().shipped.deployment.name, u"prod-1"_s);
    QCOMPARE(input.blessings.first().shipped.prompts.size(), 2);
    QCOMPARE(input.currentState.status, Status::Fail);
}

void TestBaselineCheck::aPersonsTickOnTheDeploymentIsNeverOverwritten()
{
    const DeploymentRecord d1 = deploy(m_projectId, u"prod-1"_s, 0, u"1111111aa"_s);
    const DeploymentRecord d2 = deploy(m_projectId, u"prod-2"_s, 1, u"2222222bb"_s);
    const DeploymentRecord d3 = deploy(m_projectId, u"prod-3"_s, 2, u"2222222bb"_s);
    tick(d1.id, MarkRequest::Action::Pass, u"alice"_s);
    QCOMPARE(check(d2.id).status, Status::Fail);

    // Blessing a new baseline is passing the item: allowed over the stand-in's failure.
    tick(d2.id, MarkRequest::Action::Pass, u"bob"_s);
    const int runs = runCount(d2.id);
    const BaselineComparison::Outcome outcome = check(d2.id);
    QVERIFY(!outcome.record);
    QCOMPARE(outcome.summary, u"the baseline blessed on prod-2 covers these prompt versions"_s);
    const ItemState kept = state(d2.id);
    QCOMPARE(kept.status, Status::Pass);
    QCOMPARE(kept.source, StatusSource::Manual);
    QCOMPARE(kept.by, u"bob"_s);
    QCOMPARE(runCount(d2.id), runs);

    // The next deployment ships the same versions: covered by prod-2's baseline, not prod-1's.
    QCOMPARE(check(d3.id).status, Status::Pass);
    QCOMPARE(state(d3.id).summary, u"the baseline blessed on prod-2 covers these prompt versions"_s);
    // A probe pass is no blessing: a fourth deployment still compares with prod-2.
    const DeploymentRecord d4 = deploy(m_projectId, u"prod-4"_s, 3, u"3333333cc"_s);
    const BaselineComparison::Outcome fourth = check(d4.id);
    QCOMPARE(fourth.status, Status::Fail);
    QCOMPARE(fourth.baseline, u"prod-2"_s);

    // Even a result read before a person's tick landed does not replace it: the store keeps the tick.
    const int before = runCount(d3.id);
    tick(d3.id, MarkRequest::Action::Pass, u"dan"_s);
    BaselineComparison::Outcome stale;
    stale.status = Status::Fail;
    stale.summary = u"read before the tick"_s;
    stale.evidence.insert(QLatin1StringView(MarkRules::PASS_RESOLVES_KEY), true);
    QVERIFY(!m_repo->recordProbeRun(BaselineComparison::toRun(stale, d3.id, QDateTime::currentDateTimeUtc()), nullptr,
                                    nullptr)
                 .isError());
    QCOMPARE(runCount(d3.id), before + 1); // history keeps the run
    QCOMPARE(state(d3.id).status, Status::Pass);
    QCOMPARE(state(d3.id).by, u"dan"_s);
    QVERIFY(!state(d3.id).summary.contains(u"read before"_s));

    // A person failing it by hand stands too.
    tick(d4.id, MarkRequest::Action::Fail, u"carol"_s);
    QVERIFY(!check(d4.id).record);
    QCOMPARE(state(d4.id).by, u"carol"_s);
}

void TestBaselineCheck::otherProjectsDoNotBless()
{
    qint64 other = 0;
    QVERIFY(!m_repo->ensureProject(u"other-bot"_s, u"/other/liftoff.yaml"_s, &other).isError());
    const DeploymentRecord foreign = deploy(other, u"other-1"_s, 0, u"2222222bb"_s);
    tick(foreign.id, MarkRequest::Action::Pass, u"alice"_s);
    const DeploymentRecord mine = deploy(m_projectId, u"prod-1"_s, 1, u"2222222bb"_s);
    QCOMPARE(check(mine.id).status, Status::NotReported);
}

void TestBaselineCheck::appliesOnlyWithPromptsAndWithoutAnEvalRunner()
{
    ProjectConfig project;
    const QSet<QString> runnable {u"http"_s, u"git"_s};
    QVERIFY(!BaselineCheck::applies(project, runnable)); // no `prompts:`
    project.prompts = PromptSourceConfig {};
    QVERIFY(BaselineCheck::applies(project, runnable));
    QVERIFY(!BaselineCheck::applies(project, runnable + QSet<QString> {u"eval"_s}));
    CheckConfig na;
    na.itemId = ITEM;
    na.notApplicable = true;
    project.checks.insert(ITEM, na);
    QVERIFY(!BaselineCheck::applies(project, runnable));
}

QTEST_GUILESS_MAIN(TestBaselineCheck)
#include "TestBaselineCheck.moc"
