// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** Schema v5: the prompt version each deployment shipped. */
class TestPromptVersionRepository : public QObject
{
    Q_OBJECT

private slots:
    void recordsAndReplacesPerPrompt();
    void unknownDeploymentIsRefused();
};

void TestPromptVersionRepository::recordsAndReplacesPerPrompt()
{
    QTemporaryDir dir;
    Database database;
    QVERIFY(!database.open(dir.filePath(u"db.sqlite"_s)).isError());
    ChecklistRepository checklist(database);
    qint64 projectId = 0;
    QVERIFY(!checklist.ensureProject(u"p"_s, u"/p/liftoff.yaml"_s, &projectId).isError());
    DeploymentRecord deployment {0, projectId, u"d1"_s, u"prod"_s, u"v1"_s, u"abc"_s, QDateTime::currentDateTimeUtc(), {}};
    QVERIFY(!checklist.createDeployment(&deployment, u"me"_s).isError());

    PromptVersionRepository prompts(database);
    const QDateTime at = QDateTime::fromSecsSinceEpoch(1790000000, Qt::UTC);
    QVERIFY(!prompts.record({deployment.id, u"prompts/b.md"_s, u"git"_s, u"abc"_s, u"v1"_s, at}).isError());
    QVERIFY(!prompts.record({deployment.id, u"prompts/a.md"_s, u"git"_s, u"abc"_s, {}, at}).isError());
    QVERIFY(!prompts.record({deployment.id, u"prompts/b.md"_s, u"git"_s, u"def"_s, u"v1"_s, at}).isError());
    QList<DeploymentPromptRecord> out;
    QVERIFY(!prompts.versions(deployment.id, &out).isError());
    QCOMPARE(out.size(), 2);
    QCOMPARE(out[0].prompt, u"prompts/a.md"_s);
    QCOMPARE(out[1].version, u"def"_s);
    QCOMPARE(out[1].recorded, at);
    QVERIFY(!prompts.versions(deployment.id + 100, &out).isError());
    QVERIFY(out.isEmpty());
}

void TestPromptVersionRepository::unknownDeploymentIsRefused()
{
    QTemporaryDir dir;
    Database database;
    QVERIFY(!database.open(dir.filePath(u"db.sqlite"_s)).isError());
    PromptVersionRepository prompts(database);
    // foreign_keys is on: a version for a deployment that does not exist is not stored.
    QVERIFY(prompts.record({4242, u"p"_s, u"git"_s, u"abc"_s, {}, {}}).isError());
}

QTEST_GUILESS_MAIN(TestPromptVersionRepository)
#include "TestPromptVersionRepository.moc"
