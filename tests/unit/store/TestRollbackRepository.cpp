// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "store/Actor.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/RollbackRepository.h"
#include "store/StoreLocation.h"

#include <QProcess>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 TIMEOUT_MS = 5 * 60 * 1000; // rollback.timeout: 5m
const QString OTHER_HOST = u"build-7.other.example"_s;
const QString HASH = u"3f1c0ffee"_s;

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}
} // namespace

/**
 * RollbackRepository on a real store (a SQLite file, or with LIFTOFF_TEST_STORE_BACKEND=postgresql
 * a fresh database of a throwaway PostgreSQL per test): the rollback lock across machines (a fresh
 * lock of another host refused with its holder named, an old one taken over and audited, a dead
 * process of this host taken over), the approvers of a command as distinct people, and the
 * account and database role on every rollback, approval and flip record.
 */
class TestRollbackRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void freshLockOfAnotherHostIsRefusedNamingItsHolder();
    void oldLockOfAnotherHostIsTakenOverAndAudited();
    void renewalKeepsTheLockHeld();
    void lockOfAGoneProcessOfThisHostIsTakenOver();
    void releasedLockIsFreeWithoutAudit();
    void approversAreDistinctPeopleWithAccountAndRole();
    void rollbackAndFlipRecordsCarryAccountAndRole();

private:
    /** The holder another console on another machine left. */
    RollbackLockHolder otherHost(const QDateTime &acquiredAt) const;
    /** Rows of `SELECT note, who, account, db_role FROM audit WHERE kind = KIND`, oldest first. */
    QList<QStringList> auditRows(const QString &kind);
    QString expectedRole() const { return m_postgres ? m_postgres->user() : QString(); }

    std::unique_ptr<PostgresServer> m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    Database m_db;
    qint64 m_projectId = 0;
    DeploymentRecord m_deployment;
};

void TestRollbackRepository::initTestCase()
{
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestRollbackRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    StoreLocation location = StoreLocation::sqlite(m_dir->filePath(u"liftoff.sqlite"_s));
    if (m_postgres) {
        QString error;
        const std::optional<StoreLocation> parsed = StoreLocation::parse(m_postgres->createFreshDatabase(), &error);
        QVERIFY2(parsed, qPrintable(error + m_postgres->errorString()));
        location = *parsed;
    }
    const StoreError opened = m_db.open(location);
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
    ChecklistRepository repo(m_db);
    QVERIFY(!repo.ensureProject(u"rb"_s, u"liftoff.yaml"_s, &m_projectId).isError());
    m_deployment = {0, m_projectId, u"prod-2"_s, u"production"_s, u"v2"_s, u"bbb"_s, QDateTime::currentDateTimeUtc(),
                    {}, {}};
    QVERIFY(!repo.createDeployment(&m_deployment, u"tester"_s).isError());
}

void TestRollbackRepository::cleanup()
{
    m_db.close();
    m_dir.reset();
}

RollbackLockHolder TestRollbackRepository::otherHost(const QDateTime &acquiredAt) const
{
    return {u"alice-token"_s, 4242, OTHER_HOST, u"alice"_s, acquiredAt, u"alice@"_s + OTHER_HOST, {}};
}

QList<QStringList> TestRollbackRepository::auditRows(const QString &kind)
{
    QList<QStringList> rows;
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT note, who, account, db_role FROM audit WHERE kind = ? ORDER BY id"_s);
    q.addBindValue(kind);
    if (!q.exec())
        return {{u"<query failed>"_s}};
    while (q.next())
        rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
    return rows;
}

void TestRollbackRepository::freshLockOfAnotherHostIsRefusedNamingItsHolder()
{
    RollbackRepository repo(m_db);
    const QDateTime since = QDateTime::currentDateTimeUtc().addSecs(-30);
    QVERIFY(!repo.acquireLock(m_projectId, otherHost(since), TIMEOUT_MS, m_deployment.id, nullptr).isError());

    // A console here: the holder's pid means nothing on this host, and the lock is 30 s old.
    const RollbackLockHolder me {u"bob-token"_s, 1, QSysInfo::machineHostName(), u"bob"_s, {}, {}, {}};
    RollbackLockHolder holder;
    const StoreError refused = repo.acquireLock(m_projectId, me, TIMEOUT_MS, m_deployment.id, &holder);
    QCOMPARE(refused.kind, StoreError::Kind::Conflict);
    for (const QString &part : QStringList {u"already running"_s, u"alice"_s, u"alice@"_s + OTHER_HOST, u"process 4242"_s,
                                OTHER_HOST, iso(since)})
        QVERIFY2(refused.message.contains(part), qPrintable(part + u" not in: "_s + refused.message));
    QCOMPARE(holder.who, u"alice"_s);
    QCOMPARE(holder.host, OTHER_HOST);
    QCOMPARE(holder.pid, qint64(4242));
    QCOMPARE(holder.account, u"alice@"_s + OTHER_HOST);
    std::optional<RollbackLockHolder> stored;
    QVERIFY(!repo.lockHolder(m_projectId, &stored).isError());
    QVERIFY(stored);
    QCOMPARE(stored->token, u"alice-token"_s);
    QVERIFY(auditRows(u"rollback"_s).isEmpty());
}

void TestRollbackRepository::oldLockOfAnotherHostIsTakenOverAndAudited()
{
    RollbackRepository repo(m_db);
    // Older than the timeout plus the margin by a second: no rollback can still be running.
    const QDateTime since =
        QDateTime::currentDateTimeUtc().addMSecs(-(TIMEOUT_MS + RollbackRepository::LOCK_MARGIN_MS + 1000));
    QVERIFY(!repo.acquireLock(m_projectId, otherHost(since), TIMEOUT_MS, m_deployment.id, nullptr).isError());
    // The dead console's record, still marked running.
    RollbackRecord orphan;
    orphan.projectId = m_projectId;
    orphan.fromDeploymentId = m_deployment.id;
    orphan.who = u"alice"_s;
    orphan.reason = u"p95 doubled"_s;
    orphan.command = u"vercel rollback"_s;
    orphan.commandHash = HASH;
    orphan.startedAt = since;
    QVERIFY(!repo.beginRollback(&orphan, m_deployment.id).isError());

    const RollbackLockHolder me {u"bob-token"_s, 77, QSysInfo::machineHostName(), u"bob"_s, {}, {}, {}};
    const StoreError taken = repo.acquireLock(m_projectId, me, TIMEOUT_MS, m_deployment.id, nullptr);
    QVERIFY2(!taken.isError(), qPrintable(taken.message));
    std::optional<RollbackLockHolder> stored;
    QVERIFY(!repo.lockHolder(m_projectId, &stored).isError());
    QVERIFY(stored);
    QCOMPARE(stored->token, u"bob-token"_s);
    QCOMPARE(stored->who, u"bob"_s);
    QCOMPARE(stored->account, Actor::osAccount()); // filled in: user@host of this process

    // The audit names the previous holder (who, account, process, host, since when) and why.
    const QList<QStringList> rows = auditRows(u"rollback"_s);
    QCOMPARE(rows.size(), 2); // the orphan's start, the takeover
    const QString note = rows.last().at(0);
    for (const QString &part : QStringList {u"rollback lock of alice"_s, u"alice@"_s + OTHER_HOST, u"process 4242 on "_s + OTHER_HOST,
                                u"since "_s + iso(since), u"taken over by bob"_s, u"not renewed for"_s,
                                u"rollback timeout (5m)"_s})
        QVERIFY2(note.contains(part), qPrintable(part + u" not in: "_s + note));
    QCOMPARE(rows.last().at(1), u"bob"_s);
    QCOMPARE(rows.last().at(2), Actor::osAccount());
    QCOMPARE(rows.last().at(3), expectedRole());

    // The orphan will never finish: it is closed as interrupted, saying by whom.
    RollbackRecord closed;
    QVERIFY(!repo.rollback(orphan.id, &closed).isError());
    QCOMPARE(closed.outcome, u"interrupted"_s);
    QVERIFY(closed.finishedAt.isValid());
    QVERIFY2(closed.error.contains(u"taken over by bob"_s), qPrintable(closed.error));
}

void TestRollbackRepository::renewalKeepsTheLockHeld()
{
    RollbackRepository repo(m_db);
    // Taken long ago, but its holder renewed it just now (its command finished; it verifies).
    const QDateTime since =
        QDateTime::currentDateTimeUtc().addMSecs(-(TIMEOUT_MS + RollbackRepository::LOCK_MARGIN_MS + 10000));
    QVERIFY(!repo.acquireLock(m_projectId, otherHost(since), TIMEOUT_MS, m_deployment.id, nullptr).isError());
    QVERIFY(!repo.renewLock(m_projectId, u"alice-token"_s).isError());
    const RollbackLockHolder me {u"bob-token"_s, 77, QSysInfo::machineHostName(), u"bob"_s, {}, {}, {}};
    RollbackLockHolder holder;
    const StoreError refused = repo.acquireLock(m_projectId, me, TIMEOUT_MS, m_deployment.id, &holder);
    QCOMPARE(refused.kind, StoreError::Kind::Conflict);
    QVERIFY2(refused.message.contains(u"last renewed"_s), qPrintable(refused.message));
    QVERIFY(holder.renewedAt.isValid());
    // Renewing a lock one does not hold says so.
    QCOMPARE(repo.renewLock(m_projectId, u"bob-token"_s).kind, StoreError::Kind::Conflict);
}

void TestRollbackRepository::lockOfAGoneProcessOfThisHostIsTakenOver()
{
    // A real process of this host that has exited: its pid no longer runs.
    QProcess gone;
    gone.start(u"/bin/true"_s, {});
    QVERIFY(gone.waitForStarted());
    const qint64 pid = gone.processId();
    QVERIFY(gone.waitForFinished());
    RollbackRepository repo(m_db);
    const RollbackLockHolder dead {u"dead-token"_s, pid, QSysInfo::machineHostName(), u"carol"_s,
                                   QDateTime::currentDateTimeUtc(), u"carol@here"_s, {}};
    QVERIFY(!repo.acquireLock(m_projectId, dead, TIMEOUT_MS, m_deployment.id, nullptr).isError());
    const RollbackLockHolder me {u"dave-token"_s, 78, QSysInfo::machineHostName(), u"dave"_s, {}, {}, {}};
    const StoreError taken = repo.acquireLock(m_projectId, me, TIMEOUT_MS, m_deployment.id, nullptr);
    QVERIFY2(!taken.isError(), qPrintable(taken.message));
    const QList<QStringList> rows = auditRows(u"rollback"_s);
    QCOMPARE(rows.size(), 1);
    QVERIFY2(rows.first().at(0).contains(u"its process %1 on %2 is gone"_s.arg(pid).arg(QSysInfo::machineHostName())),
             qPrintable(rows.first().at(0)));
    QVERIFY(rows.first().at(0).contains(u"rollback lock of carol (carol@here"_s));
}

void TestRollbackRepository::releasedLockIsFreeWithoutAudit()
{
    RollbackRepository repo(m_db);
    QVERIFY(!repo.acquireLock(m_projectId, otherHost(QDateTime::currentDateTimeUtc()), TIMEOUT_MS, m_deployment.id,
                              nullptr)
                 .isError());
    QVERIFY(!repo.releaseLock(m_projectId, u"alice-token"_s).isError());
    std::optional<RollbackLockHolder> stored;
    QVERIFY(!repo.lockHolder(m_projectId, &stored).isError());
    QVERIFY(!stored);
    const RollbackLockHolder me {u"bob-token"_s, 77, QSysInfo::machineHostName(), u"bob"_s, {}, {}, {}};
    QVERIFY(!repo.acquireLock(m_projectId, me, TIMEOUT_MS, m_deployment.id, nullptr).isError());
    QVERIFY(auditRows(u"rollback"_s).isEmpty());
}

void TestRollbackRepository::approversAreDistinctPeopleWithAccountAndRole()
{
    RollbackRepository repo(m_db);
    const auto approval = [](const QString &who) {
        return CommandApproval {HASH, u"rollback"_s, u"vercel rollback --yes"_s, who, {}, {}, {}};
    };
    bool added = false;
    QVERIFY(!repo.approve(m_projectId, m_deployment.id, approval(u"alice"_s), &added).isError());
    QVERIFY(added);
    // The same person again, whatever the case: nobody new.
    QVERIFY(!repo.approve(m_projectId, m_deployment.id, approval(u"Alice "_s), &added).isError());
    QVERIFY(!added);
    QVERIFY(!repo.approve(m_projectId, m_deployment.id, approval(u"bob"_s), &added).isError());
    QVERIFY(added);
    QCOMPARE(repo.approve(m_projectId, m_deployment.id, approval(u"  "_s), &added).kind, StoreError::Kind::Io);

    QList<CommandApproval> approvers;
    QVERIFY(!repo.approvers(m_projectId, HASH, &approvers).isError());
    QCOMPARE(approvers.size(), 2);
    QCOMPARE(approvers.at(0).approvedBy, u"alice"_s);
    QCOMPARE(approvers.at(1).approvedBy, u"bob"_s);
    for (const CommandApproval &a : std::as_const(approvers)) {
        QCOMPARE(a.account, Actor::osAccount());
        QCOMPARE(a.dbRole, expectedRole());
        QCOMPARE(a.purpose, u"rollback"_s);
        QCOMPARE(a.command, u"vercel rollback --yes"_s);
        QVERIFY(a.approvedAt.isValid());
    }
    QSet<QString> hashes;
    QVERIFY(!repo.approvedHashes(m_projectId, &hashes).isError());
    QCOMPARE(hashes, QSet<QString> {HASH});
    QVERIFY(!repo.approvers(m_projectId, u"other"_s, &approvers).isError());
    QVERIFY(approvers.isEmpty());

    const QList<QStringList> rows = auditRows(u"approval"_s);
    QCOMPARE(rows.size(), 2); // the repeat wrote nothing
    QCOMPARE(rows.at(1).at(1), u"bob"_s);
    QVERIFY2(rows.at(1).at(0).contains(u"approved by 2 people now: alice, bob"_s), qPrintable(rows.at(1).at(0)));
    QCOMPARE(rows.at(1).at(2), Actor::osAccount());
    QCOMPARE(rows.at(1).at(3), expectedRole());
}

void TestRollbackRepository::rollbackAndFlipRecordsCarryAccountAndRole()
{
    RollbackRepository repo(m_db);
    RollbackRecord record;
    record.projectId = m_projectId;
    record.fromDeploymentId = m_deployment.id;
    record.fromVersion = u"v2"_s;
    record.who = u"erin"_s;
    record.reason = u"errors"_s;
    record.command = u"vercel rollback"_s;
    record.commandHash = HASH;
    QVERIFY(!repo.beginRollback(&record, m_deployment.id).isError());
    QCOMPARE(record.account, Actor::osAccount());
    QCOMPARE(record.dbRole, expectedRole());
    QList<RollbackRecord> records;
    QVERIFY(!repo.rollbacks(m_projectId, &records).isError());
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().who, u"erin"_s);
    QCOMPARE(records.first().account, Actor::osAccount());
    QCOMPARE(records.first().dbRole, expectedRole());

    FlagFlipRecord flip;
    flip.projectId = m_projectId;
    flip.flag = u"ai-enabled"_s;
    flip.source = u"ofrep"_s;
    flip.fromValue = u"true"_s;
    flip.toValue = u"false"_s;
    flip.who = u"frank"_s;
    flip.reason = u"leak"_s;
    flip.outcome = u"flipped"_s;
    QVERIFY(!repo.recordFlagFlip(&flip, m_deployment.id).isError());
    QCOMPARE(flip.account, Actor::osAccount());
    QList<FlagFlipRecord> flips;
    QVERIFY(!repo.flagFlips(m_projectId, &flips).isError());
    QCOMPARE(flips.size(), 1);
    QCOMPARE(flips.first().who, u"frank"_s);
    QCOMPARE(flips.first().account, Actor::osAccount());
    QCOMPARE(flips.first().dbRole, expectedRole());
    const QList<QStringList> rows = auditRows(u"flag"_s);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().at(2), Actor::osAccount());
    QCOMPARE(rows.first().at(3), expectedRole());
}

QTEST_GUILESS_MAIN(TestRollbackRepository)
#include "TestRollbackRepository.moc"
