// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "TestSupport.h"

#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

/**
 * Two processes tick the same few items of one deployment at once (liftoff_tick_worker), on a
 * SQLite file or (LIFTOFF_TEST_STORE_BACKEND=postgresql) a real PostgreSQL server, each reading
 * the items first and writing with the revision it read (issue 13, optimistic concurrency). Nothing
 * is lost and nothing is silently overwritten: every item's revision is the number of ticks applied
 * to it, the audit holds exactly the applied ticks, and every refused tick was reported as a
 * conflict naming the other writer. Only invariants are checked, never counts that depend on the
 * interleaving; the first tick of both workers is a rendezvous on one item, so a conflict is certain.
 */
class TestConcurrentTicks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void twoProcessesTickTheSameItems_data();
    void twoProcessesTickTheSameItems();

private:
    std::unique_ptr<PostgresServer> m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_location;
};

namespace {
constexpr int TIMEOUT_MS = 90000;

/** What one worker says it did (its JSON line). */
struct WorkerReport
{
    QString name;
    int applied = 0;
    int conflicts = 0;
    int lockedRetries = 0;
    QString firstTick;
    QHash<QString, int> perItem;
    QHash<QString, int> conflictsBy;
    struct Tick
    {
        QString item;
        qint64 revision = 0;
    };
    QHash<int, Tick> appliedTicks; // by the tick's number
};

bool parseReport(const QByteArray &line, WorkerReport *out)
{
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(line, &error).object();
    if (error.error != QJsonParseError::NoError || o.isEmpty())
        return false;
    out->name = o.value(u"name"_s).toString();
    out->applied = o.value(u"applied"_s).toInt(-1);
    out->conflicts = o.value(u"conflicts"_s).toInt(-1);
    out->lockedRetries = o.value(u"lockedRetries"_s).toInt();
    out->firstTick = o.value(u"firstTick"_s).toString();
    const QJsonObject perItem = o.value(u"perItem"_s).toObject();
    for (auto it = perItem.begin(); it != perItem.end(); ++it)
        out->perItem.insert(it.key(), it.value().toInt());
    const QJsonObject by = o.value(u"conflictsBy"_s).toObject();
    for (auto it = by.begin(); it != by.end(); ++it)
        out->conflictsBy.insert(it.key(), it.value().toInt());
    for (const QJsonValue &value : o.value(u"appliedTicks"_s).toArray()) {
        const QJsonObject t = value.toObject();
        out->appliedTicks.insert(t.value(u"tick"_s).toInt(-1),
                                 {t.value(u"item"_s).toString(), t.value(u"revision"_s).toInteger()});
    }
    return true;
}

void startWorker(QProcess &process, const QString &location, qint64 deploymentId, const QString &name, int ticks,
                 int items, int busyTimeoutMs, quint32 seed)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    TestSupport::headless(env);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(QStringLiteral(LIFTOFF_TICK_WORKER),
                  {u"--barrier"_s, u"--items"_s, QString::number(items), u"--busy-timeout"_s,
                   QString::number(busyTimeoutMs), location, QString::number(deploymentId), name,
                   QString::number(ticks), QString::number(seed)});
}

/** Waits for the worker's "read" line (it has read revision 0 of item-0 and waits for the go). */
bool waitForRead(QProcess &process)
{
    while (!process.canReadLine()) {
        if (!process.waitForReadyRead(TIMEOUT_MS))
            return false;
    }
    return process.readLine().trimmed() == "read";
}
} // namespace

void TestConcurrentTicks::initTestCase()
{
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestConcurrentTicks::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_location = m_dir->filePath(u"concurrency.sqlite"_s);
    if (m_postgres) {
        m_location = m_postgres->createFreshDatabase();
        QVERIFY2(!m_location.isEmpty(), qPrintable(m_postgres->errorString()));
    }
}

void TestConcurrentTicks::cleanup()
{
    m_dir.reset();
}

void TestConcurrentTicks::twoProcessesTickTheSameItems_data()
{
    QTest::addColumn<int>("items");
    QTest::addColumn<int>("ticks");
    QTest::addColumn<int>("busyTimeoutMs");
    // The store's own wait for the lock, as consoles use it; and none, the worker retrying a Locked
    // store at once, which makes two SQLite writers contend tick by tick (SQLite's wait sleeps with a
    // backoff, so a waiting writer mostly wakes when the other one is far ahead or done).
    QTest::newRow("5 items, 200 ticks each, store waits") << 5 << 200 << 30000;
    QTest::newRow("5 items, 200 ticks each, worker retries") << 5 << 200 << 0;
    QTest::newRow("1 item, 100 ticks each, worker retries") << 1 << 100 << 0;
}

void TestConcurrentTicks::twoProcessesTickTheSameItems()
{
    QFETCH(int, items);
    QFETCH(int, ticks);
    QFETCH(int, busyTimeoutMs);
    const QStringList names = {u"alpha"_s, u"bravo"_s};

    DeploymentRecord deployment;
    {
        Database database;
        const StoreError opened = database.open(m_location);
        QVERIFY2(!opened.isError(), qPrintable(opened.message));
        ChecklistRepository repository(database);
        qint64 projectId = 0;
        QVERIFY(!repository.ensureProject(u"concurrency"_s, {}, &projectId).isError());
        deployment.projectId = projectId;
        deployment.name = u"prod-1"_s;
        deployment.environment = u"production"_s;
        deployment.version = u"v1.0.0"_s;
        const StoreError created = repository.createDeployment(&deployment, u"setup"_s);
        QVERIFY2(!created.isError(), qPrintable(created.message));
    }

    // Both at once; each reads item-0 and waits, then both are let go together.
    QProcess workers[2];
    for (int w = 0; w < 2; ++w)
        startWorker(workers[w], m_location, deployment.id, names.at(w), ticks, items, busyTimeoutMs,
                    1000U + static_cast<quint32>(w));
    for (int w = 0; w < 2; ++w) {
        QVERIFY2(workers[w].waitForStarted(TIMEOUT_MS), qPrintable(workers[w].errorString()));
        const bool read = waitForRead(workers[w]);
        QVERIFY2(read, qPrintable(u"%1 did not read: %2"_s.arg(
                           names.at(w), QString::fromLocal8Bit(workers[w].readAllStandardError()))));
    }
    // QProcess writes to a child's stdin only from an event loop or a wait on that process: push both
    // lines out now, or the second worker would get its go only once the first one had finished.
    for (QProcess &worker : workers)
        worker.write("go\n");
    for (QProcess &worker : workers) {
        QVERIFY(worker.waitForBytesWritten(TIMEOUT_MS));
        worker.closeWriteChannel();
    }
    WorkerReport reports[2];
    for (int w = 0; w < 2; ++w) {
        QVERIFY2(workers[w].waitForFinished(TIMEOUT_MS), qPrintable(u"%1 did not finish"_s.arg(names.at(w))));
        const QByteArray err = workers[w].readAllStandardError();
        QCOMPARE(workers[w].exitStatus(), QProcess::NormalExit);
        QVERIFY2(workers[w].exitCode() == 0, qPrintable(u"%1 exited %2: %3"_s.arg(names.at(w))
                                                            .arg(workers[w].exitCode())
                                                            .arg(QString::fromLocal8Bit(err))));
        const QByteArray out = workers[w].readAllStandardOutput().trimmed();
        QVERIFY2(parseReport(out, &reports[w]), out.constData());
    }

    // Each worker: every tick was applied or refused as a conflict, and its counts add up.
    int conflicts = 0;
    for (int w = 0; w < 2; ++w) {
        const WorkerReport &r = reports[w];
        QCOMPARE(r.name, names.at(w));
        QCOMPARE(r.applied + r.conflicts, ticks);
        QCOMPARE(r.appliedTicks.size(), qsizetype(r.applied));
        int perItem = 0;
        for (int n : std::as_const(r.perItem))
            perItem += n;
        QCOMPARE(perItem, r.applied);
        // A conflict names who moved the item: only the other worker can have.
        for (auto it = r.conflictsBy.constBegin(); it != r.conflictsBy.constEnd(); ++it)
            QCOMPARE(it.key(), names.at(1 - w));
        int named = 0;
        for (int n : std::as_const(r.conflictsBy))
            named += n;
        QCOMPARE(named, r.conflicts);
        conflicts += r.conflicts;
    }
    // Both read revision 0 of item-0 before either wrote: exactly one of those two ticks went through.
    QCOMPARE(QSet<QString>({reports[0].firstTick, reports[1].firstTick}), QSet<QString>({u"applied"_s, u"conflict"_s}));
    QVERIFY(conflicts > 0);
    qInfo("%s: %d+%d applied, %d+%d conflicts, %d+%d locked retries", qPrintable(m_location.section(u'/', -1)),
          reports[0].applied, reports[1].applied, reports[0].conflicts, reports[1].conflicts,
          reports[0].lockedRetries, reports[1].lockedRetries);

    Database database;
    const StoreError opened = database.open(m_location);
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
    ChecklistRepository repository(database);

    // Nothing lost, nothing overwritten: each item's revision is the number of ticks applied to it, and
    // the applied ticks wrote its revisions 1..n, each exactly once.
    QHash<QString, ItemState> states;
    QVERIFY(!repository.itemStates(deployment.id, &states).isError());
    QVERIFY(states.size() <= items);
    int totalApplied = 0;
    for (int i = 0; i < items; ++i) {
        const QString id = u"item-%1"_s.arg(i);
        const int applied = reports[0].perItem.value(id) + reports[1].perItem.value(id);
        totalApplied += applied;
        QCOMPARE(states.value(id).revision, qint64(applied));
        QList<qint64> revisions;
        for (const WorkerReport &r : reports) {
            for (const WorkerReport::Tick &t : r.appliedTicks) {
                if (t.item == id)
                    revisions.append(t.revision);
            }
        }
        std::sort(revisions.begin(), revisions.end());
        for (qsizetype n = 0; n < revisions.size(); ++n)
            QCOMPARE(revisions.at(n), qint64(n + 1));
    }
    QCOMPARE(totalApplied, reports[0].applied + reports[1].applied);

    // The audit holds exactly one event per applied tick (and the deployment's own), each one a tick
    // its worker says it applied, on that item, with that status; the refused ones left nothing.
    qint64 auditCount = 0;
    QVERIFY(!repository.auditCount(&auditCount).isError());
    QCOMPARE(auditCount, qint64(totalApplied) + 1);
    QList<AuditEvent> events;
    QVERIFY(!repository.audit(deployment.id, {}, &events, 100000).isError());
    QCOMPARE(events.size(), qsizetype(totalApplied) + 1);
    QCOMPARE(events.first().kind, u"deployment"_s);
    static const QRegularExpression notePattern(u"^(\\w+) tick (\\d+)$"_s);
    QSet<QString> seen;
    QHash<QString, AuditEvent> newestPerItem;
    for (qsizetype e = 1; e < events.size(); ++e) {
        const AuditEvent &event = events.at(e);
        const QRegularExpressionMatch match = notePattern.match(event.note);
        QVERIFY2(match.hasMatch(), qPrintable(event.note));
        const int w = static_cast<int>(names.indexOf(match.captured(1)));
        QVERIFY2(w >= 0, qPrintable(event.note));
        const int tick = match.captured(2).toInt();
        QVERIFY2(reports[w].appliedTicks.contains(tick),
                 qPrintable(u"%1 is audited but was not applied"_s.arg(event.note)));
        QVERIFY2(!seen.contains(event.note), qPrintable(u"%1 is audited twice"_s.arg(event.note)));
        seen.insert(event.note);
        QCOMPARE(event.who, names.at(w));
        QCOMPARE(event.kind, u"tick"_s);
        QCOMPARE(event.itemId, reports[w].appliedTicks.value(tick).item);
        QCOMPARE(event.toStatus, tick % 2 == 0 ? u"pass"_s : u"fail"_s);
        // Each write saw the one before it on the same item.
        const auto previous = newestPerItem.constFind(event.itemId);
        QCOMPARE(event.fromStatus, previous == newestPerItem.constEnd() ? u"pending"_s : previous->toStatus);
        newestPerItem.insert(event.itemId, event);
    }
    QCOMPARE(seen.size(), qsizetype(totalApplied));
    // And each item's stored state is its newest audited tick.
    for (auto it = newestPerItem.constBegin(); it != newestPerItem.constEnd(); ++it) {
        QCOMPARE(states.value(it.key()).note, it->note);
        QCOMPARE(states.value(it.key()).by, it->who);
    }
}

QTEST_GUILESS_MAIN(TestConcurrentTicks)
#include "TestConcurrentTicks.moc"
