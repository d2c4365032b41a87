// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"

#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/DeploymentListModel.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/Store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace Qt::StringLiterals;

/**
 * Two consoles (each a Store with its own thread and connection, and a ChecklistDocument) on one
 * store, a SQLite file or (LIFTOFF_TEST_STORE_BACKEND=postgresql) a real PostgreSQL server: what one
 * writes, the other shows without a reload; a change made on a stale view is refused with who and
 * when, and the view then shows what is stored.
 */
class TestTeamConsoles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void tickAppearsInTheOtherConsole();
    void writeOfAnotherConnectionAppears();
    void staleTickIsRefusedWithWhoAndWhen();
    void undoDoesNotRevertAnotherConsolesChange();
    void releaseElsewhereShows();

private:
    struct Console
    {
        std::unique_ptr<Store> store;
        std::unique_ptr<ChecklistDocument> document;
    };
    void openConsole(Console &console, const QString &user);
    Status status(const Console &console, const QString &itemId) const;
    static MarkRequest pass(const QString &note) { return {MarkRequest::Action::Pass, note, {}, {}, {}}; }
    static MarkRequest fail(const QString &note) { return {MarkRequest::Action::Fail, note, {}, {}, {}}; }

    std::unique_ptr<PostgresServer> m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_location;
    Console m_alice;
    Console m_bob;
};

void TestTeamConsoles::initTestCase()
{
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestTeamConsoles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_location = m_dir->filePath(u"team.sqlite"_s);
    if (m_postgres) {
        m_location = m_postgres->createFreshDatabase();
        QVERIFY2(!m_location.isEmpty(), qPrintable(m_postgres->errorString()));
    }
    openConsole(m_alice, u"alice"_s);
    openConsole(m_bob, u"bob"_s);
    QCOMPARE(m_alice.document->createDeployment(u"production"_s, u"v2.0.0"_s, u"prod-7"_s), QString());
    QTRY_COMPARE(m_alice.document->currentDeployment().name, u"prod-7"_s);
    // Bob opened before the deployment existed: it appears there and is selected.
    QTRY_COMPARE_WITH_TIMEOUT(m_bob.document->currentDeployment().name, u"prod-7"_s, 10000);
    QTRY_VERIFY(!m_bob.document->isBusy());
}

void TestTeamConsoles::cleanup()
{
    for (Console *console : {&m_alice, &m_bob}) {
        console->document.reset();
        console->store.reset();
    }
    m_dir.reset();
}

void TestTeamConsoles::openConsole(Console &console, const QString &user)
{
    console.store = std::make_unique<Store>();
    QSignalSpy opened(console.store.get(), &Store::opened);
    QSignalSpy failed(console.store.get(), &Store::failed);
    console.store->open(m_location);
    QVERIFY2(opened.wait(10000), failed.isEmpty() ? "no answer" : qPrintable(failed.first().first().value<StoreError>().message));
    console.document = std::make_unique<ChecklistDocument>(console.store.get(), ChecklistTemplate::builtIn(),
                                                           u"support-bot"_s, u"/srv/bot/liftoff.yaml"_s,
                                                           QHash<QString, qint64> {}, user);
    QSignalSpy loaded(console.document.get(), &ChecklistDocument::projectLoaded);
    console.document->open();
    QVERIFY(loaded.wait(10000));
}

Status TestTeamConsoles::status(const Console &console, const QString &itemId) const
{
    return console.document->model()->state(itemId).status;
}

void TestTeamConsoles::tickAppearsInTheOtherConsole()
{
    QSignalSpy bobItems(m_bob.document.get(), &ChecklistDocument::itemChanged);
    QCOMPARE(m_alice.document->mark(u"w1.user-feedback"_s, pass(u"read 40 tickets"_s)), QString());
    QTRY_COMPARE(status(m_alice, u"w1.user-feedback"_s), Status::Pass);
    QTRY_COMPARE_WITH_TIMEOUT(status(m_bob, u"w1.user-feedback"_s), Status::Pass, 10000);
    const ItemState seen = m_bob.document->model()->state(u"w1.user-feedback"_s);
    QCOMPARE(seen.by, u"alice"_s);
    QCOMPARE(seen.note, u"read 40 tickets"_s);
    QCOMPARE(seen.revision, m_alice.document->model()->state(u"w1.user-feedback"_s).revision);
    QVERIFY(bobItems.contains(QVariantList {u"w1.user-feedback"_s}));
    // The verdict follows in the other console too.
    QCOMPARE(m_bob.document->verdict().kind, m_alice.document->verdict().kind);

    // And back: Bob's tick appears at Alice's.
    QCOMPARE(m_bob.document->mark(u"infra.health"_s, pass(u"keys per service"_s)), QString());
    QTRY_COMPARE_WITH_TIMEOUT(status(m_alice, u"infra.health"_s), Status::Pass, 10000);
    QCOMPARE(m_alice.document->model()->state(u"infra.health"_s).by, u"bob"_s);
}

void TestTeamConsoles::writeOfAnotherConnectionAppears()
{
    // As `liftoff mark` or `liftoff check` in another process would write: a connection of its own.
    Database database;
    const StoreError opened = database.open(m_location);
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
    ChecklistRepository repository(database);
    ItemChange change;
    change.deploymentId = m_alice.document->currentDeployment().id;
    change.state.itemId = u"infra.health"_s;
    change.state.status = Status::Fail;
    change.state.baseStatus = Status::Fail;
    change.state.source = StatusSource::Manual;
    change.state.by = u"ci"_s;
    change.state.note = u"503 from /health"_s;
    change.state.checkedAt = QDateTime::currentDateTimeUtc();
    change.kind = u"tick"_s;
    change.who = u"ci"_s;
    change.note = change.state.note;
    AuditEvent event;
    const StoreError written = repository.applyChange(change, &event);
    QVERIFY2(!written.isError(), qPrintable(written.message));
    QCOMPARE(event.account.isEmpty(), false);
    QTRY_COMPARE_WITH_TIMEOUT(status(m_alice, u"infra.health"_s), Status::Fail, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(status(m_bob, u"infra.health"_s), Status::Fail, 10000);
    QCOMPARE(m_bob.document->model()->state(u"infra.health"_s).note, u"503 from /health"_s);
}

void TestTeamConsoles::staleTickIsRefusedWithWhoAndWhen()
{
    // Bob's console stops noticing other writes, so his view stays as it was when he looked.
    m_bob.store->setWatching(false);
    const qint64 before = m_bob.document->model()->state(u"w1.user-feedback"_s).revision;
    QCOMPARE(m_alice.document->mark(u"w1.user-feedback"_s, pass(u"read 40 tickets"_s)), QString());
    QTRY_COMPARE(status(m_alice, u"w1.user-feedback"_s), Status::Pass);
    QTRY_VERIFY(!m_alice.document->isBusy());
    QCOMPARE(m_bob.document->model()->state(u"w1.user-feedback"_s).revision, before);

    QSignalSpy errors(m_bob.document.get(), &ChecklistDocument::storeError);
    QCOMPARE(m_bob.document->mark(u"w1.user-feedback"_s, fail(u"three complaints"_s)), QString());
    QVERIFY(errors.wait(10000));
    const StoreError error = errors.first().first().value<StoreError>();
    QCOMPARE(error.kind, StoreError::Kind::Conflict);
    QVERIFY2(error.message.contains(u"w1.user-feedback was changed by alice ("_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"since you looked"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u" UTC"_s), qPrintable(error.message));
    // The view refreshed: Bob now sees Alice's tick, and his refused change is in no undo history.
    QTRY_COMPARE(status(m_bob, u"w1.user-feedback"_s), Status::Pass);
    QCOMPARE(m_bob.document->model()->state(u"w1.user-feedback"_s).by, u"alice"_s);
    QCOMPARE(m_bob.document->undoStack()->count(), 0);

    // Nothing was overwritten: the store holds Alice's tick and the audit has no event of Bob's.
    Database database;
    QVERIFY(!database.open(m_location).isError());
    ChecklistRepository repository(database);
    QList<AuditEvent> events;
    QVERIFY(!repository.audit(m_alice.document->currentDeployment().id, u"w1.user-feedback"_s, &events).isError());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().who, u"alice"_s);

    // Looking again, Bob's change goes through.
    QCOMPARE(m_bob.document->mark(u"w1.user-feedback"_s, fail(u"three complaints"_s)), QString());
    QTRY_COMPARE(status(m_bob, u"w1.user-feedback"_s), Status::Fail);
}

void TestTeamConsoles::undoDoesNotRevertAnotherConsolesChange()
{
    QCOMPARE(m_alice.document->mark(u"infra.health"_s, pass(u"keys per service"_s)), QString());
    QTRY_COMPARE_WITH_TIMEOUT(status(m_bob, u"infra.health"_s), Status::Pass, 10000);
    QCOMPARE(m_bob.document->mark(u"infra.health"_s, fail(u"one key is shared"_s)), QString());
    QTRY_COMPARE(status(m_bob, u"infra.health"_s), Status::Fail);
    QTRY_COMPARE_WITH_TIMEOUT(status(m_alice, u"infra.health"_s), Status::Fail, 10000);

    // Alice's undo would put back her pass over Bob's fail: refused, and her view shows Bob's.
    QSignalSpy errors(m_alice.document.get(), &ChecklistDocument::storeError);
    QCOMPARE(m_alice.document->undoStack()->count(), 1);
    m_alice.document->undoStack()->undo();
    QVERIFY(errors.wait(10000));
    const StoreError error = errors.first().first().value<StoreError>();
    QCOMPARE(error.kind, StoreError::Kind::Conflict);
    QVERIFY2(error.message.contains(u"changed by bob"_s), qPrintable(error.message));
    QTRY_COMPARE(status(m_alice, u"infra.health"_s), Status::Fail);
    QCOMPARE(m_alice.document->model()->state(u"infra.health"_s).by, u"bob"_s);
}

void TestTeamConsoles::releaseElsewhereShows()
{
    QSignalSpy changed(m_bob.document.get(), &ChecklistDocument::currentDeploymentChanged);
    QCOMPARE(m_alice.document->releaseCurrentDeployment(), QString());
    QTRY_VERIFY(m_alice.document->currentDeployment().isReleased());
    QTRY_VERIFY_WITH_TIMEOUT(m_bob.document->currentDeployment().isReleased(), 10000);
    QVERIFY(!changed.isEmpty());
}

QTEST_GUILESS_MAIN(TestTeamConsoles)
#include "TestTeamConsoles.moc"
