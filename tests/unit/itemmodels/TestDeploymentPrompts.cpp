// SPDX-License-Identifier: GPL-3.0-or-later
#include "../prompts/GitRepoBuilder.h"

#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/PromptsController.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"
#include "store/Store.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

/**
 * The GUI's New deployment records HEAD and the prompt versions it ships (read off the GUI thread),
 * and the Prompts controller loads them: a real Store on a SQLite file, a real git repository made
 * with libgit2. (qa.baseline-recorded is the eval probe's, tested in tests/unit/evals and TestEvalCli.)
 */
class TestDeploymentPrompts : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void newDeploymentRecordsItsPromptVersions();
    void unreadablePromptsAreSaidAndTheDeploymentIsRecorded();

private:
    void createDeployment(const QString &name);
    QList<DeploymentPromptRecord> recorded(qint64 deploymentId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<GitRepoBuilder> m_repo;
    QNetworkAccessManager m_nam;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ChecklistDocument> m_document;
    std::unique_ptr<PromptsController> m_controller;
    QString m_dbPath;
};

void TestDeploymentPrompts::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_repo = std::make_unique<GitRepoBuilder>(m_dir->filePath(u"repo"_s));
    QVERIFY(m_repo->isValid());
    m_dbPath = m_dir->filePath(u"liftoff.sqlite"_s);
    m_store = std::make_unique<Store>();
    m_store->open(m_dbPath);

    ProjectConfig project;
    project.name = u"support-bot"_s;
    project.repoPath = m_repo->path();
    PromptSourceConfig prompts;
    prompts.gitFolder = u"prompts/"_s;
    project.prompts = prompts;
    m_document = std::make_unique<ChecklistDocument>(m_store.get(), ChecklistTemplate::builtIn(), project.name,
                                                     m_dir->filePath(u"liftoff.yaml"_s), QHash<QString, qint64> {},
                                                     u"alice"_s);
    m_document->setPromptSource(&m_nam, project.prompts, project.repoPath);
    m_controller = std::make_unique<PromptsController>(m_document.get(), &m_nam, project, m_dbPath);
    QSignalSpy loaded(m_document.get(), &ChecklistDocument::projectLoaded);
    m_document->open();
    QVERIFY(loaded.wait(5000));
}

void TestDeploymentPrompts::cleanup()
{
    m_controller.reset();
    m_document.reset();
    m_store.reset();
    m_repo.reset();
    m_dir.reset();
}

void TestDeploymentPrompts::createDeployment(const QString &name)
{
    QSignalSpy compared(m_controller.get(), &PromptsController::catalogChanged);
    QCOMPARE(m_document->createDeployment(u"production"_s, name, name), QString());
    QVERIFY(m_document->isBusy()); // the repository is read on a worker; the call returned at once
    QTRY_COMPARE_WITH_TIMEOUT(m_document->currentDeployment().name, name, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!compared.isEmpty(), 10000);
    QTRY_VERIFY(!m_document->isBusy());
}

QList<DeploymentPromptRecord> TestDeploymentPrompts::recorded(qint64 deploymentId)
{
    Database database; // the test's own connection, like any reader beside the store thread
    QList<DeploymentPromptRecord> out;
    if (database.open(m_dbPath).isError())
        return out;
    PromptVersionRepository(database).versions(deploymentId, &out);
    return out;
}

void TestDeploymentPrompts::newDeploymentRecordsItsPromptVersions()
{
    m_repo->write(u"prompts/answer.md"_s, "Answer briefly.\n");
    const QString v1 = m_repo->commit(u"answer v1"_s, 1790000000);
    QSignalSpy messages(m_document.get(), &ChecklistDocument::statusMessage);
    createDeployment(u"prod-1"_s);
    const DeploymentRecord first = m_document->currentDeployment();
    QCOMPARE(first.commit, v1); // HEAD, as `liftoff deploy new` records it
    QList<DeploymentPromptRecord> records = recorded(first.id);
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().prompt, u"prompts/answer.md"_s);
    QCOMPARE(records.first().source, u"git"_s);
    QCOMPARE(records.first().version, v1);
    bool said = false;
    for (const QList<QVariant> &m : std::as_const(messages))
        said = said || m.first().toString().contains(u"prod-1 ships prompt prompts/answer.md: version 1"_s);
    QVERIFY(said);

    // The prompt changes: prod-2 records the new version.
    m_repo->write(u"prompts/answer.md"_s, "Answer briefly and cite the article.\n");
    const QString v2 = m_repo->commit(u"answer v2"_s, 1790003600);
    createDeployment(u"prod-2"_s);
    const DeploymentRecord second = m_document->currentDeployment();
    records = recorded(second.id);
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().version, v2);
}

void TestDeploymentPrompts::unreadablePromptsAreSaidAndTheDeploymentIsRecorded()
{
    // The repository has no commit yet: the deployment is recorded, without prompt versions, and says why.
    QSignalSpy messages(m_document.get(), &ChecklistDocument::statusMessage);
    createDeployment(u"prod-1"_s);
    const DeploymentRecord d = m_document->currentDeployment();
    QVERIFY(d.commit.isEmpty());
    QVERIFY(recorded(d.id).isEmpty());
    QVERIFY(!m_document->promptVersionsProblem(d.id).isEmpty());
    bool said = false;
    for (const QList<QVariant> &m : std::as_const(messages))
        said = said || m.first().toString().contains(u"prod-1 was recorded without its prompt versions"_s);
    QVERIFY(said);
}

QTEST_MAIN(TestDeploymentPrompts)
#include "TestDeploymentPrompts.moc"
