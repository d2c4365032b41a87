// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/Store.h"
#include "store/StoreLocation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

/**
 * ChecklistRepository against a real SQLite file, and the Store facade on its own thread. With
 * LIFTOFF_TEST_STORE_BACKEND=postgresql (CTest's TestChecklistRepository_postgresql) the same
 * repository tests run against a throwaway PostgreSQL, a fresh database per test.
 */
class TestChecklistRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void ensureProjectIsIdempotent();
    void createsAndFindsDeployment();
    void duplicateDeploymentNameConflicts();
    void listsDeploymentsNewestFirst();
    void unknownDeploymentIsNotFound();
    void releasesOnlyOnce();
    void applyChangeWritesStateAndAudit();
    void staleRevisionIsRefusedAndNothingWritten();
    void auditIsOldestFirstWithLimit();
    void itemStateRoundTrips_data();
    void itemStateRoundTrips();
    void probeRunUpdatesStateAndAuditsChanges();
    void probeRunKeepsManualNaAndActiveWaiver();
    void probeRunsNewestFirstWithLimit();
    void storeRoundTrip();
    void storeReportsFailures();
    void storeDestructionWritesQueuedChanges_data();
    void storeDestructionWritesQueuedChanges();

private:
    QString dbPath() const { return m_dir->filePath(u"store.sqlite"_s); }
    DeploymentRecord makeDeployment(const QString &name, const QDateTime &created = {});
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PostgresServer> m_postgres;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ChecklistRepository> m_repo;
    qint64 m_projectId = 0;
};

namespace {
const QDateTime T0(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC);

ItemChange change(qint64 deploymentId, const QString &itemId, Status status, const QString &note,
                  const QString &kind = u"tick"_s)
{
    ItemChange c;
    c.deploymentId = deploymentId;
    c.state.itemId = itemId;
    c.state.status = status;
    c.state.baseStatus = status;
    c.state.source = StatusSource::Manual;
    c.state.by = u"alice"_s;
    c.state.note = note;
    c.kind = kind;
    c.who = u"alice"_s;
    c.note = note;
    return c;
}
} // namespace

void TestChecklistRepository::initTestCase()
{
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestChecklistRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<Database>();
    StoreLocation location = StoreLocation::sqlite(dbPath());
    if (m_postgres) {
        const QString url = m_postgres->createFreshDatabase();
        QVERIFY2(!url.isEmpty(), qPrintable(m_postgres->errorString()));
        QString parseError;
        const std::optional<StoreLocation> parsed = StoreLocation::parse(url, &parseError);
        QVERIFY2(parsed, qPrintable(parseError));
        location = *parsed;
    }
    const StoreError error = m_db->open(location);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    m_repo = std::make_unique<ChecklistRepository>(*m_db);
    QVERIFY(!m_repo->ensureProject(u"support-bot"_s, u"/srv/bot/liftoff.yaml"_s, &m_projectId).isError());
}

void TestChecklistRepository::cleanup()
{
    m_repo.reset();
    m_db.reset();
    m_dir.reset();
}

DeploymentRecord TestChecklistRepository::makeDeployment(const QString &name, const QDateTime &created)
{
    DeploymentRecord d;
    d.projectId = m_projectId;
    d.name = name;
    d.environment = u"production"_s;
    d.version = u"v1.4.0"_s;
    d.created = created;
    return d;
}

void TestChecklistRepository::ensureProjectIsIdempotent()
{
    qint64 again = 0;
    QVERIFY(!m_repo->ensureProject(u"support-bot"_s, {}, &again).isError());
    QCOMPARE(again, m_projectId);
    qint64 other = 0;
    QVERIFY(!m_repo->ensureProject(u"other-bot"_s, {}, &other).isError());
    QVERIFY(other != m_projectId);
}

void TestChecklistRepository::createsAndFindsDeployment()
{
    DeploymentRecord d = makeDeployment(u"prod-2026-11-26"_s, T0);
    d.commit = u"9fceb02"_s;
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    QVERIFY(d.id > 0);

    DeploymentRecord byId;
    QVERIFY(!m_repo->deployment(d.id, &byId).isError());
    QCOMPARE(byId, d);
    DeploymentRecord byName;
    QVERIFY(!m_repo->findDeployment(m_projectId, u"prod-2026-11-26"_s, &byName).isError());
    QCOMPARE(byName, d);
    QVERIFY(!byName.isReleased());

    // Empty optional fields and no creation time: stored as empty text, created filled in.
    DeploymentRecord bare;
    bare.projectId = m_projectId;
    bare.name = u"bare"_s;
    QVERIFY(!m_repo->createDeployment(&bare, {}).isError());
    QVERIFY(bare.created.isValid());
    QVERIFY(!m_repo->deployment(bare.id, &byId).isError());
    QCOMPARE(byId.commit, QString());
    QCOMPARE(byId.created, bare.created);

    QList<AuditEvent> events;
    QVERIFY(!m_repo->audit(d.id, {}, &events).isError());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().kind, u"deployment"_s);
    QCOMPARE(events.first().who, u"alice"_s);
    QCOMPARE(events.first().itemId, QString());
    QCOMPARE(events.first().at, T0);
}

void TestChecklistRepository::duplicateDeploymentNameConflicts()
{
    DeploymentRecord d = makeDeployment(u"prod-1"_s);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    DeploymentRecord again = makeDeployment(u"prod-1"_s);
    const StoreError error = m_repo->createDeployment(&again, u"bob"_s);
    QCOMPARE(error.kind, StoreError::Kind::Conflict);
    QVERIFY2(error.message.contains(u"prod-1"_s), qPrintable(error.message));
    qint64 count = 0;
    QVERIFY(!m_repo->auditCount(&count).isError());
    QCOMPARE(count, 1);

    // The same name in another project is fine.
    qint64 otherProject = 0;
    QVERIFY(!m_repo->ensureProject(u"other-bot"_s, {}, &otherProject).isError());
    DeploymentRecord other = makeDeployment(u"prod-1"_s);
    other.projectId = otherProject;
    QVERIFY(!m_repo->createDeployment(&other, u"bob"_s).isError());
}

void TestChecklistRepository::listsDeploymentsNewestFirst()
{
    const QList<QPair<QString, int>> order {{u"b"_s, 1}, {u"a"_s, 0}, {u"d"_s, 3}, {u"c"_s, 2}, {u"c2"_s, 2}};
    for (const auto &[name, hours] : order) {
        DeploymentRecord d = makeDeployment(name, T0.addSecs(hours * 3600));
        QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    }
    QList<DeploymentRecord> list;
    QVERIFY(!m_repo->deployments(m_projectId, &list).isError());
    QStringList names;
    for (const DeploymentRecord &d : list)
        names << d.name;
    // Ties on the creation time: the later recorded first.
    QCOMPARE(names, (QStringList {u"d"_s, u"c2"_s, u"c"_s, u"b"_s, u"a"_s}));

    qint64 otherProject = 0;
    QVERIFY(!m_repo->ensureProject(u"other-bot"_s, {}, &otherProject).isError());
    QVERIFY(!m_repo->deployments(otherProject, &list).isError());
    QVERIFY(list.isEmpty());
}

void TestChecklistRepository::unknownDeploymentIsNotFound()
{
    DeploymentRecord d;
    QCOMPARE(m_repo->deployment(4711, &d).kind, StoreError::Kind::NotFound);
    QCOMPARE(m_repo->findDeployment(m_projectId, u"nope"_s, &d).kind, StoreError::Kind::NotFound);
    AuditEvent event;
    QCOMPARE(m_repo->applyChange(change(4711, u"infra.health"_s, Status::Pass, u"x"_s), &event).kind,
             StoreError::Kind::NotFound);
    QCOMPARE(m_repo->releaseDeployment(4711, T0, u"alice"_s).kind, StoreError::Kind::NotFound);
}

void TestChecklistRepository::releasesOnlyOnce()
{
    DeploymentRecord d = makeDeployment(u"prod-1"_s, T0);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    const QDateTime at = T0.addSecs(600);
    QVERIFY(!m_repo->releaseDeployment(d.id, at, u"bob"_s).isError());
    DeploymentRecord read;
    QVERIFY(!m_repo->deployment(d.id, &read).isError());
    QVERIFY(read.isReleased());
    QCOMPARE(read.released, at);

    QCOMPARE(m_repo->releaseDeployment(d.id, at.addSecs(60), u"bob"_s).kind, StoreError::Kind::Conflict);
    QVERIFY(!m_repo->deployment(d.id, &read).isError());
    QCOMPARE(read.released, at);

    QList<AuditEvent> events;
    QVERIFY(!m_repo->audit(d.id, {}, &events).isError());
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.last().kind, u"release"_s);
    QCOMPARE(events.last().who, u"bob"_s);
    QCOMPARE(events.last().at, at);
}

void TestChecklistRepository::staleRevisionIsRefusedAndNothingWritten()
{
    DeploymentRecord d = makeDeployment(u"prod-1"_s);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    // Both looked at the pending item (revision 0); Bob writes first.
    ItemChange bobs = change(d.id, u"infra.health"_s, Status::Fail, u"503 now"_s);
    bobs.who = u"bob"_s;
    bobs.state.by = u"bob"_s;
    bobs.at = T0;
    bobs.expectedRevision = 0;
    ItemState stored;
    QVERIFY(!m_repo->applyChange(bobs, nullptr, &stored).isError());
    QCOMPARE(stored.revision, 1);
    qint64 auditBefore = 0;
    QVERIFY(!m_repo->auditCount(&auditBefore).isError());

    ItemChange alices = change(d.id, u"infra.health"_s, Status::Pass, u"fine here"_s);
    alices.expectedRevision = 0;
    const StoreError refused = m_repo->applyChange(alices, nullptr);
    QCOMPARE(refused.kind, StoreError::Kind::Conflict);
    QVERIFY2(refused.message.startsWith(u"infra.health was changed by bob ("_s), qPrintable(refused.message));
    QVERIFY2(refused.message.contains(u"at 2026-11-26 10:00:00 UTC since you looked (it is fail now)"_s),
             qPrintable(refused.message));
    QHash<QString, ItemState> states;
    QVERIFY(!m_repo->itemStates(d.id, &states).isError());
    QCOMPARE(states.value(u"infra.health"_s).status, Status::Fail);
    QCOMPARE(states.value(u"infra.health"_s).revision, 1);
    qint64 auditAfter = 0;
    QVERIFY(!m_repo->auditCount(&auditAfter).isError());
    QCOMPARE(auditAfter, auditBefore);

    // Seeing revision 1, Alice's change goes through; without an expectation (liftoff mark) too.
    alices.expectedRevision = 1;
    QVERIFY(!m_repo->applyChange(alices, nullptr, &stored).isError());
    QCOMPARE(stored.revision, 2);
    alices.expectedRevision = -1;
    QVERIFY(!m_repo->applyChange(alices, nullptr, &stored).isError());
    QCOMPARE(stored.revision, 3);
    // A probe run moves the revision too, so a view from before it is stale.
    ProbeRunRecord run;
    run.deploymentId = d.id;
    run.itemId = u"infra.health"_s;
    run.startedAt = T0.addSecs(60);
    run.status = Status::Pass;
    run.summary = u"200 in 40 ms"_s;
    ItemState afterRun;
    QVERIFY(!m_repo->recordProbeRun(run, &afterRun, nullptr).isError());
    QCOMPARE(afterRun.revision, 4);
    alices.expectedRevision = 3;
    QCOMPARE(m_repo->applyChange(alices, nullptr).kind, StoreError::Kind::Conflict);
}

void TestChecklistRepository::applyChangeWritesStateAndAudit()
{
    DeploymentRecord d = makeDeployment(u"prod-1"_s);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());

    ItemChange first = change(d.id, u"infra.health"_s, Status::Pass, u"checked by hand"_s);
    first.at = T0;
    AuditEvent event;
    QVERIFY(!m_repo->applyChange(first, &event).isError());
    QVERIFY(event.id > 0);
    QCOMPARE(event.deploymentId, d.id);
    QCOMPARE(event.itemId, u"infra.health"_s);
    QCOMPARE(event.fromStatus, u"pending"_s);
    QCOMPARE(event.toStatus, u"pass"_s);
    QCOMPARE(event.kind, u"tick"_s);
    QCOMPARE(event.who, u"alice"_s);
    QCOMPARE(event.note, u"checked by hand"_s);
    QCOMPARE(event.at, T0);

    ItemChange second = change(d.id, u"infra.health"_s, Status::Fail, u"503 now"_s);
    second.who = u"bob"_s;
    AuditEvent event2;
    QVERIFY(!m_repo->applyChange(second, &event2).isError());
    QVERIFY(event2.id > event.id);
    QCOMPARE(event2.fromStatus, u"pass"_s);
    QCOMPARE(event2.toStatus, u"fail"_s);
    QVERIFY(event2.at.isValid()); // filled in when the change had none

    QHash<QString, ItemState> states;
    QVERIFY(!m_repo->itemStates(d.id, &states).isError());
    QCOMPARE(states.size(), 1);
    QCOMPARE(states.value(u"infra.health"_s).status, Status::Fail);
    QCOMPARE(states.value(u"infra.health"_s).note, u"503 now"_s);

    QList<AuditEvent> events;
    QVERIFY(!m_repo->audit(d.id, u"infra.health"_s, &events).isError());
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).id, event.id);
    QCOMPARE(events.at(0).toStatus, u"pass"_s);
    QCOMPARE(events.at(0).at, T0);
    QCOMPARE(events.at(1).fromStatus, u"pass"_s);
    QCOMPARE(events.at(1).toStatus, u"fail"_s);
    QCOMPARE(events.at(1).who, u"bob"_s);
}

void TestChecklistRepository::auditIsOldestFirstWithLimit()
{
    DeploymentRecord d = makeDeployment(u"prod-1"_s);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    DeploymentRecord other = makeDeployment(u"prod-2"_s);
    QVERIFY(!m_repo->createDeployment(&other, u"alice"_s).isError());
    for (int i = 0; i < 10; ++i) {
        QVERIFY(!m_repo->applyChange(change(d.id, u"a"_s, i % 2 ? Status::Fail : Status::Pass, u"a-%1"_s.arg(i)), nullptr)
                     .isError());
    }
    for (int i = 0; i < 3; ++i)
        QVERIFY(!m_repo->applyChange(change(d.id, u"b"_s, Status::Pass, u"b-%1"_s.arg(i)), nullptr).isError());
    QVERIFY(!m_repo->applyChange(change(other.id, u"a"_s, Status::Pass, u"other"_s), nullptr).isError());

    QList<AuditEvent> events;
    QVERIFY(!m_repo->audit(d.id, u"a"_s, &events, 4).isError());
    QStringList notes;
    for (const AuditEvent &e : events)
        notes << e.note;
    QCOMPARE(notes, (QStringList {u"a-6"_s, u"a-7"_s, u"a-8"_s, u"a-9"_s}));
    QCOMPARE(events.at(0).fromStatus, u"fail"_s); // a-5 was fail
    QCOMPARE(events.at(0).toStatus, u"pass"_s);

    QVERIFY(!m_repo->audit(d.id, u"a"_s, &events).isError());
    QCOMPARE(events.size(), 10);
    QCOMPARE(events.first().fromStatus, u"pending"_s);
    for (int i = 1; i < events.size(); ++i)
        QVERIFY(events.at(i - 1).id < events.at(i).id);

    // The whole deployment: its creation event and both items, not the other deployment's.
    QVERIFY(!m_repo->audit(d.id, {}, &events).isError());
    QCOMPARE(events.size(), 14);
    QCOMPARE(events.first().kind, u"deployment"_s);
    QCOMPARE(events.last().note, u"b-2"_s);
    QVERIFY(!m_repo->audit(d.id, {}, &events, 2).isError());
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.last().note, u"b-2"_s);

    QVERIFY(!m_repo->audit(d.id, u"nothing-here"_s, &events).isError());
    QVERIFY(events.isEmpty());
}

void TestChecklistRepository::itemStateRoundTrips_data()
{
    QTest::addColumn<ItemState>("state");

    ItemState full;
    full.itemId = u"infra.health"_s;
    full.status = Status::Waived;
    full.baseStatus = Status::Fail;
    full.source = StatusSource::Probe;
    full.summary = u"503 in 12 ms"_s;
    full.note = u"accepted until the fix ships — ticket OPS-42 ✓"_s;
    full.by = u"Zoë"_s;
    full.checkedAt = QDateTime(QDate(2026, 11, 26), QTime(10, 2, 11, 123), Qt::UTC);
    full.waiverExpires = QDateTime(QDate(2026, 12, 3), QTime(0, 0), Qt::UTC);
    full.evidence = QJsonObject {{u"url"_s, u"https://api.example.com/health"_s},
                                 {u"status"_s, 503},
                                 {u"latencyMs"_s, 12.5},
                                 {u"headers"_s, QJsonObject {{u"x-trace"_s, u"abc"_s}}},
                                 {u"tags"_s, QJsonArray {u"a"_s, true, QJsonValue::Null}}};
    full.conditions = QJsonArray {QJsonObject {{u"expr"_s, u"[STATUS] == 200"_s}, {u"actual"_s, u"503"_s}, {u"ok"_s, false}}};
    QTest::newRow("every field") << full;

    ItemState minimal;
    minimal.itemId = u"cost.spend-limit"_s;
    QTest::newRow("defaults only") << minimal;

    ItemState local = full;
    local.itemId = u"api.model-pinned"_s;
    local.status = Status::NotReported;
    local.checkedAt = QDateTime(QDate(2026, 11, 26), QTime(11, 0), Qt::OffsetFromUTC, 3600);
    local.waiverExpires = {};
    local.evidence = {};
    QTest::newRow("time with an offset, no waiver") << local;
}

void TestChecklistRepository::itemStateRoundTrips()
{
    QFETCH(ItemState, state);
    DeploymentRecord d = makeDeployment(u"prod-1"_s);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    ItemChange c;
    c.deploymentId = d.id;
    c.state = state;
    c.kind = u"probe"_s;
    c.who = u"probe"_s;
    AuditEvent event;
    const StoreError error = m_repo->applyChange(c, &event);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(event.toStatus, StatusText::toString(state.status));

    QHash<QString, ItemState> states;
    QVERIFY(!m_repo->itemStates(d.id, &states).isError());
    QCOMPARE(states.size(), 1);
    const ItemState read = states.value(state.itemId);
    QCOMPARE(read.itemId, state.itemId);
    QCOMPARE(read.status, state.status);
    QCOMPARE(read.baseStatus, state.baseStatus);
    QCOMPARE(read.source, state.source);
    QCOMPARE(read.summary, state.summary);
    QCOMPARE(read.note, state.note);
    QCOMPARE(read.by, state.by);
    QCOMPARE(read.checkedAt, state.checkedAt);
    QCOMPARE(read.waiverExpires, state.waiverExpires);
    QCOMPARE(read.evidence, state.evidence);
    QCOMPARE(read.conditions, state.conditions);
    QCOMPARE(read.revision, 1); // the first write of the item
    ItemState written = state;
    written.revision = 1;
    QVERIFY(read == written);
}

namespace {
ProbeRunRecord probeRun(qint64 deploymentId, const QString &itemId, Status status, const QDateTime &startedAt)
{
    ProbeRunRecord run;
    run.deploymentId = deploymentId;
    run.itemId = itemId;
    run.status = status;
    run.startedAt = startedAt;
    run.durationMs = 41;
    run.summary = status == Status::Pass ? u"200 in 41 ms"_s : u"503 in 12 ms"_s;
    run.conditions = QJsonArray {QJsonObject {{u"expr"_s, u"[STATUS] == 200"_s}, {u"ok"_s, status == Status::Pass}}};
    run.evidence = QJsonObject {{u"status"_s, status == Status::Pass ? 200 : 503}};
    return run;
}
} // namespace

void TestChecklistRepository::probeRunUpdatesStateAndAuditsChanges()
{
    DeploymentRecord d = makeDeployment(u"prod-1"_s);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());

    ItemState state;
    AuditEvent event;
    StoreError error = m_repo->recordProbeRun(probeRun(d.id, u"infra.health"_s, Status::Pass, T0), &state, &event);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(state.status, Status::Pass);
    QCOMPARE(state.source, StatusSource::Probe);
    QCOMPARE(state.checkedAt, T0);
    QVERIFY(event.id > 0);
    QCOMPARE(event.kind, u"probe"_s);
    QCOMPARE(event.fromStatus, u"pending"_s);
    QCOMPARE(event.toStatus, u"pass"_s);

    // The same status again: a run in the history, no audit event.
    AuditEvent unchanged;
    QVERIFY(!m_repo->recordProbeRun(probeRun(d.id, u"infra.health"_s, Status::Pass, T0.addSecs(60)), nullptr, &unchanged)
                 .isError());
    QCOMPARE(unchanged.id, 0);
    AuditEvent failed;
    QVERIFY(!m_repo->recordProbeRun(probeRun(d.id, u"infra.health"_s, Status::Fail, T0.addSecs(120)), &state, &failed)
                 .isError());
    QCOMPARE(failed.fromStatus, u"pass"_s);
    QCOMPARE(failed.toStatus, u"fail"_s);

    QHash<QString, ItemState> states;
    QVERIFY(!m_repo->itemStates(d.id, &states).isError());
    QCOMPARE(states.value(u"infra.health"_s), state);
    QList<AuditEvent> events;
    QVERIFY(!m_repo->audit(d.id, u"infra.health"_s, &events).isError());
    QCOMPARE(events.size(), 2);

    QCOMPARE(m_repo->recordProbeRun(probeRun(4711, u"infra.health"_s, Status::Pass, T0), nullptr, nullptr).kind,
             StoreError::Kind::NotFound);

    // A run with nothing to say (no summary, no evidence) is stored too.
    ProbeRunRecord bare;
    bare.deploymentId = d.id;
    bare.itemId = u"infra.tls"_s;
    bare.status = Status::Error;
    error = m_repo->recordProbeRun(bare, &state, &event);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(state.status, Status::Error);
    QCOMPARE(state.summary, QString());
}

void TestChecklistRepository::probeRunKeepsManualNaAndActiveWaiver()
{
    DeploymentRecord d = makeDeployment(u"prod-1"_s);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    ItemChange na = change(d.id, u"sec.mcp-least-privilege"_s, Status::Na, u"no MCP servers"_s, u"na"_s);
    QVERIFY(!m_repo->applyChange(na, nullptr).isError());
    ItemChange waive = change(d.id, u"infra.health"_s, Status::Waived, u"known outage"_s, u"waive"_s);
    waive.state.baseStatus = Status::Fail;
    waive.state.waiverExpires = QDateTime::currentDateTimeUtc().addDays(7);
    QVERIFY(!m_repo->applyChange(waive, nullptr).isError());

    ItemState state;
    AuditEvent event;
    QVERIFY(!m_repo->recordProbeRun(probeRun(d.id, u"sec.mcp-least-privilege"_s, Status::Fail, T0), &state, &event)
                 .isError());
    QCOMPARE(state.status, Status::Na);
    QCOMPARE(event.id, 0);
    QVERIFY(!m_repo->recordProbeRun(probeRun(d.id, u"infra.health"_s, Status::Error, T0), &state, &event).isError());
    QCOMPARE(state.status, Status::Waived);
    QCOMPARE(state.baseStatus, Status::Error);
    QCOMPARE(event.id, 0);
    QVERIFY(!m_repo->recordProbeRun(probeRun(d.id, u"infra.health"_s, Status::Pass, T0), &state, &event).isError());
    QCOMPARE(state.status, Status::Pass);
    QCOMPARE(event.fromStatus, u"waived"_s);
}

void TestChecklistRepository::probeRunsNewestFirstWithLimit()
{
    DeploymentRecord d = makeDeployment(u"prod-1"_s);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    for (int i = 0; i < 5; ++i) {
        QVERIFY(!m_repo->recordProbeRun(probeRun(d.id, u"infra.health"_s, i % 2 ? Status::Fail : Status::Pass,
                                                 T0.addSecs(i * 60)), nullptr, nullptr)
                     .isError());
    }
    QVERIFY(!m_repo->recordProbeRun(probeRun(d.id, u"infra.tls"_s, Status::Pass, T0), nullptr, nullptr).isError());
    QList<ProbeRunRecord> runs;
    QVERIFY(!m_repo->probeRuns(d.id, u"infra.health"_s, 3, &runs).isError());
    QCOMPARE(runs.size(), 3);
    QCOMPARE(runs.at(0).startedAt, T0.addSecs(240));
    QCOMPARE(runs.at(2).startedAt, T0.addSecs(120));
    QCOMPARE(runs.at(1).status, Status::Fail);
    QCOMPARE(runs.at(0).durationMs, 41);
    QCOMPARE(runs.at(0).evidence.value(u"status"_s).toInt(), 200);
    QCOMPARE(runs.at(0).conditions.size(), 1);
    QCOMPARE(runs.at(0).summary, u"200 in 41 ms"_s);
}

void TestChecklistRepository::storeRoundTrip()
{
    if (m_postgres)
        QSKIP("Store (the store thread) opens SQLite files only so far; the repository tests cover PostgreSQL");
    m_repo.reset();
    m_db.reset(); // the Store opens its own connection on its own thread

    Store store;
    QSignalSpy opened(&store, &Store::opened);
    QSignalSpy failed(&store, &Store::failed);
    QSignalSpy projectLoaded(&store, &Store::projectLoaded);
    QSignalSpy created(&store, &Store::deploymentCreated);
    QSignalSpy applied(&store, &Store::changeApplied);
    QSignalSpy loaded(&store, &Store::deploymentLoaded);
    QSignalSpy auditLoaded(&store, &Store::auditLoaded);
    QSignalSpy released(&store, &Store::deploymentReleased);

    store.open(dbPath());
    QTRY_COMPARE(opened.count(), 1);
    QCOMPARE(opened.first().first().toString(), dbPath());

    store.loadProject(u"support-bot"_s, {});
    QTRY_COMPARE(projectLoaded.count(), 1);
    QCOMPARE(projectLoaded.first().at(0).toLongLong(), m_projectId);
    QVERIFY(projectLoaded.first().at(1).value<QList<DeploymentRecord>>().isEmpty());

    store.createDeployment(makeDeployment(u"prod-1"_s, T0), u"alice"_s);
    QTRY_COMPARE(created.count(), 1);
    const auto deployment = created.first().first().value<DeploymentRecord>();
    QVERIFY(deployment.id > 0);
    QCOMPARE(deployment.name, u"prod-1"_s);

    ItemChange c = change(deployment.id, u"infra.health"_s, Status::Pass, u"fine"_s);
    c.state.evidence = QJsonObject {{u"status"_s, 200}};
    store.applyChange(c);
    QTRY_COMPARE(applied.count(), 1);
    const auto event = applied.first().at(1).value<AuditEvent>();
    QCOMPARE(event.fromStatus, u"pending"_s);
    QCOMPARE(event.toStatus, u"pass"_s);

    store.loadDeployment(deployment.id);
    QTRY_COMPARE(loaded.count(), 1);
    QCOMPARE(loaded.first().at(0).value<DeploymentRecord>(), deployment);
    const auto states = loaded.first().at(1).value<QHash<QString, ItemState>>();
    QCOMPARE(states.size(), 1);
    ItemState stored = c.state;
    stored.revision = 1;
    QCOMPARE(applied.first().at(0).value<ItemChange>().state, stored); // the answer carries the new revision
    QCOMPARE(states.value(u"infra.health"_s), stored);

    store.loadAudit(deployment.id, u"infra.health"_s);
    QTRY_COMPARE(auditLoaded.count(), 1);
    const auto events = auditLoaded.first().at(2).value<QList<AuditEvent>>();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, event.id);

    store.releaseDeployment(deployment.id, u"bob"_s);
    QTRY_COMPARE(released.count(), 1);
    QVERIFY(released.first().first().value<DeploymentRecord>().isReleased());
    QCOMPARE(failed.count(), 0);
}

void TestChecklistRepository::storeReportsFailures()
{
    if (m_postgres)
        QSKIP("Store (the store thread) opens SQLite files only so far; the repository tests cover PostgreSQL");
    m_repo.reset();
    m_db.reset();
    Store store;
    QSignalSpy opened(&store, &Store::opened);
    QSignalSpy failed(&store, &Store::failed);
    QSignalSpy changeFailed(&store, &Store::changeFailed);
    store.open(dbPath());
    QTRY_COMPARE(opened.count(), 1);

    store.applyChange(change(4711, u"infra.health"_s, Status::Pass, u"x"_s));
    QTRY_COMPARE(changeFailed.count(), 1);
    QCOMPARE(changeFailed.first().at(1).value<StoreError>().kind, StoreError::Kind::NotFound);
    QCOMPARE(changeFailed.first().at(0).value<ItemChange>().state.itemId, u"infra.health"_s);

    store.createDeployment(makeDeployment(u"dup"_s), u"alice"_s);
    store.createDeployment(makeDeployment(u"dup"_s), u"alice"_s);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.first().first().value<StoreError>().kind, StoreError::Kind::Conflict);

    // Opening a file that is not a database fails on the store thread and leaves it as it was.
    const QString garbagePath = m_dir->filePath(u"garbage.sqlite"_s);
    const QByteArray garbage(4096, '\x5a');
    {
        QFile file(garbagePath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(garbage), garbage.size());
    }
    store.open(garbagePath);
    QTRY_COMPARE(failed.count(), 2);
    QCOMPARE(failed.at(1).first().value<StoreError>().kind, StoreError::Kind::Corrupt);
    QCOMPARE(opened.count(), 1);
    QFile file(garbagePath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), garbage);
}

void TestChecklistRepository::storeDestructionWritesQueuedChanges_data()
{
    QTest::addColumn<bool>("noGlib");
    QTest::newRow("default event dispatcher") << false;
    QTest::newRow("QT_NO_GLIB dispatcher") << true;
}

void TestChecklistRepository::storeDestructionWritesQueuedChanges()
{
    if (m_postgres)
        QSKIP("Store (the store thread) opens SQLite files only so far; the repository tests cover PostgreSQL");
    // Changes handed to the Store before it is destroyed are written, not dropped with the queue.
    QFETCH(bool, noGlib);
    DeploymentRecord d = makeDeployment(u"prod-1"_s);
    QVERIFY(!m_repo->createDeployment(&d, u"alice"_s).isError());
    m_repo.reset();
    m_db.reset();

    constexpr int changes = 50;
    for (int round = 0; round < 5; ++round) {
        if (noGlib)
            qputenv("QT_NO_GLIB", "1"); // read when the store thread creates its event dispatcher
        {
            Store store;
            QSignalSpy opened(&store, &Store::opened);
            store.open(dbPath());
            QTRY_COMPARE(opened.count(), 1); // the store thread runs, so its dispatcher exists
            if (noGlib)
                qunsetenv("QT_NO_GLIB");
            for (int i = 0; i < changes; ++i)
                store.applyChange(change(d.id, u"item-%1"_s.arg(i), Status::Pass, u"r%1-%2"_s.arg(round).arg(i)));
        }
        Database db;
        QVERIFY(!db.open(dbPath()).isError());
        ChecklistRepository repo(db);
        qint64 count = 0;
        QVERIFY(!repo.auditCount(&count).isError());
        QCOMPARE(count, 1 + (round + 1) * changes);
    }
}

QTEST_GUILESS_MAIN(TestChecklistRepository)
#include "TestChecklistRepository.moc"
