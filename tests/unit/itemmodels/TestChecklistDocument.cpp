// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/DeploymentListModel.h"
#include "store/Store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace Qt::StringLiterals;

/** ChecklistDocument against a real Store on a SQLite file: load, create, mark, undo, redo, reopen. */
class TestChecklistDocument : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void newProjectHasNoDeployment();
    void markIsRefusedWithoutNote();
    void markUndoRedoPersist();
    void auditRecordsUndo();
    void releaseMakesPostItemsCount();
    void storeFailureIsReported();
    void configNotApplicableCounts();

private:
    void openDocument();
    void createDeployment(const QString &name);
    Status status(const QString &itemId) const;

    std::unique_ptr<PostgresServer> m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ChecklistDocument> m_document;
};

void TestChecklistDocument::initTestCase()
{
    // The same document on a team's PostgreSQL store (LIFTOFF_TEST_STORE_BACKEND=postgresql, issue 13).
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestChecklistDocument::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"liftoff.sqlite"_s);
    if (m_postgres) {
        m_path = m_postgres->createFreshDatabase();
        QVERIFY2(!m_path.isEmpty(), qPrintable(m_postgres->errorString()));
    }
    openDocument();
}

void TestChecklistDocument::cleanup()
{
    m_document.reset();
    m_store.reset();
    m_dir.reset();
}

void TestChecklistDocument::openDocument()
{
    m_document.reset();
    m_store.reset();
    m_store = std::make_unique<Store>();
    QSignalSpy opened(m_store.get(), &Store::opened);
    m_store->open(m_path);
    QVERIFY(opened.wait(5000));
    m_document = std::make_unique<ChecklistDocument>(m_store.get(), ChecklistTemplate::builtIn(), u"demo"_s,
                                                     u"/tmp/liftoff.yaml"_s, QHash<QString, qint64> {}, u"alice"_s);
    QSignalSpy loaded(m_document.get(), &ChecklistDocument::projectLoaded);
    m_document->open();
    QVERIFY(loaded.wait(5000));
}

void TestChecklistDocument::createDeployment(const QString &name)
{
    QCOMPARE(m_document->createDeployment(u"production"_s, u"v1.2.0"_s, name), QString());
    QTRY_COMPARE(m_document->currentDeployment().name, name);
    QCOMPARE(m_document->currentDeployment().environment, u"production"_s);
    QVERIFY(!m_document->isBusy());
}

Status TestChecklistDocument::status(const QString &itemId) const
{
    const int row = m_document->model()->rowOf(itemId);
    return m_document->model()->index(row, 0).data(ChecklistModel::StatusRole).value<Status>();
}

void TestChecklistDocument::newProjectHasNoDeployment()
{
    QVERIFY(!m_document->hasDeployment());
    QCOMPARE(m_document->deployments()->rowCount(), 0);
    QVERIFY(!m_document->mark(u"w1.user-feedback"_s, {MarkRequest::Action::Pass, u"ok"_s, {}, {}, {}}).isEmpty());
    QCOMPARE(m_document->verdict().kind, VerdictKind::NoGo);
}

void TestChecklistDocument::markIsRefusedWithoutNote()
{
    createDeployment(u"prod-1"_s);
    const QString error = m_document->mark(u"w1.user-feedback"_s, {MarkRequest::Action::Pass, {}, {}, {}, {}});
    QVERIFY(error.contains(u"note"_s));
    QCOMPARE(m_document->undoStack()->count(), 0);
}

void TestChecklistDocument::markUndoRedoPersist()
{
    createDeployment(u"prod-1"_s);
    QSignalSpy dataChanged(m_document->model(), &QAbstractItemModel::dataChanged);

    QCOMPARE(m_document->mark(u"infra.health"_s, {MarkRequest::Action::Pass, u"curl /health: 200"_s, {}, {}, {}}),
             QString());
    QTRY_COMPARE(status(u"infra.health"_s), Status::Pass);
    const int row = m_document->model()->rowOf(u"infra.health"_s);
    QCOMPARE(dataChanged.size(), 1);
    QCOMPARE(dataChanged.at(0).at(0).toModelIndex().row(), row);
    QCOMPARE(dataChanged.at(0).at(1).toModelIndex().row(), row);

    MarkRequest waive {MarkRequest::Action::Waive, u"accepted for the beta"_s, {}, {}, {}};
    waive.expires = QDateTime::currentDateTimeUtc().addDays(7);
    QCOMPARE(m_document->mark(u"api.keys-scoped"_s, waive), QString());
    QCOMPARE(m_document->mark(u"rb.migrations-reversible"_s, {MarkRequest::Action::Na, u"no database"_s, {}, {}, {}}),
             QString());
    QTRY_COMPARE(status(u"rb.migrations-reversible"_s), Status::Na);
    QCOMPARE(status(u"api.keys-scoped"_s), Status::Waived);
    QCOMPARE(m_document->undoStack()->count(), 3);

    m_document->undoStack()->undo(); // n/a goes back to pending
    QTRY_COMPARE(status(u"rb.migrations-reversible"_s), Status::NotReported);
    m_document->undoStack()->undo(); // the waiver goes
    QTRY_COMPARE(status(u"api.keys-scoped"_s), Status::Pending);
    m_document->undoStack()->redo(); // and comes back
    QTRY_COMPARE(status(u"api.keys-scoped"_s), Status::Waived);
    QTRY_VERIFY(!m_document->isBusy());

    openDocument(); // a new Store and document on the same file
    QTRY_COMPARE(m_document->currentDeployment().name, u"prod-1"_s);
    QTRY_COMPARE(status(u"infra.health"_s), Status::Pass);
    QCOMPARE(status(u"api.keys-scoped"_s), Status::Waived);
    QCOMPARE(m_document->model()->state(u"rb.migrations-reversible"_s).status, Status::Pending);
    const ItemState health = m_document->model()->state(u"infra.health"_s);
    QCOMPARE(health.by, u"alice"_s);
    QCOMPARE(health.note, u"curl /health: 200"_s);
    QCOMPARE(m_document->undoStack()->count(), 0);
}

void TestChecklistDocument::auditRecordsUndo()
{
    createDeployment(u"prod-1"_s);
    QCOMPARE(m_document->mark(u"w1.user-feedback"_s, {MarkRequest::Action::Pass, u"read 40 tickets"_s, {}, {}, {}}),
             QString());
    QTRY_COMPARE(status(u"w1.user-feedback"_s), Status::Pass);
    m_document->undoStack()->undo();
    QTRY_COMPARE(status(u"w1.user-feedback"_s), Status::Pending);

    QSignalSpy audit(m_document.get(), &ChecklistDocument::auditLoaded);
    m_document->loadAudit(u"w1.user-feedback"_s);
    QVERIFY(audit.wait(5000));
    QCOMPARE(audit.at(0).at(0).toString(), u"w1.user-feedback"_s);
    const auto events = audit.at(0).at(1).value<QList<AuditEvent>>();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).kind, u"tick"_s);
    QCOMPARE(events.at(0).toStatus, u"pass"_s);
    QCOMPARE(events.at(1).kind, u"undo"_s);
    QCOMPARE(events.at(1).fromStatus, u"pass"_s);
    QCOMPARE(events.at(1).toStatus, u"pending"_s);
    QCOMPARE(events.at(1).who, u"alice"_s);
}

void TestChecklistDocument::releaseMakesPostItemsCount()
{
    createDeployment(u"prod-1"_s);
    QVERIFY(!m_document->verdict().blocking.contains(u"h24.error-rate"_s));
    QCOMPARE(m_document->releaseCurrentDeployment(), QString());
    QTRY_VERIFY(m_document->currentDeployment().isReleased());
    QVERIFY(m_document->verdict().blocking.contains(u"h24.error-rate"_s));
    QVERIFY(m_document->deployments()->index(0).data(DeploymentListModel::ReleasedRole).toBool());
    QVERIFY(!m_document->releaseCurrentDeployment().isEmpty());
}

void TestChecklistDocument::storeFailureIsReported()
{
    createDeployment(u"prod-1"_s);
    QSignalSpy errors(m_document.get(), &ChecklistDocument::storeError);
    QCOMPARE(m_document->createDeployment(u"production"_s, u"v1.2.0"_s, u"prod-1"_s), QString());
    QVERIFY(errors.wait(5000));
    QCOMPARE(errors.at(0).at(0).value<StoreError>().kind, StoreError::Kind::Conflict);
    QCOMPARE(m_document->currentDeployment().name, u"prod-1"_s);
    QVERIFY(!m_document->isBusy());
}

void TestChecklistDocument::configNotApplicableCounts()
{
    createDeployment(u"prod-1"_s);
    QVERIFY(m_document->verdict().blocking.contains(u"infra.env-vars"_s));
    m_document->setNotApplicable({{u"infra.env-vars"_s, u"static site, no variables"_s}});
    QCOMPARE(status(u"infra.env-vars"_s), Status::Na);
    QVERIFY(!m_document->verdict().blocking.contains(u"infra.env-vars"_s));
}

QTEST_MAIN(TestChecklistDocument)
#include "TestChecklistDocument.moc"
