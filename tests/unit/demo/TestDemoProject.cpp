// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigLoader.h"
#include "demo/DemoProject.h"
#include "git/GitDescription.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** The demo project that `liftoff --demo` writes: a loadable liftoff.yaml and a real, tagged repo. */
class TestDemoProject : public QObject
{
    Q_OBJECT

private slots:
    void writesALoadableProjectAndRepository();
};

void TestDemoProject::writesALoadableProjectAndRepository()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QUrl url(u"http://127.0.0.1:45678"_s);
    QCOMPARE(DemoProject::write(dir.path(), url, u"/usr/bin/liftoff"_s), QString());
    const ConfigLoadResult loaded = ConfigLoader::loadFile(dir.filePath(u"liftoff.yaml"_s));
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    QCOMPARE(loaded.project->name, u"demo-support-bot"_s);
    QCOMPARE(loaded.project->environments.first().url, u"http://127.0.0.1:45678"_s);
    QVERIFY(loaded.project->checks.contains(u"infra.health"_s));
    const GitDescription git = GitDescription::of(loaded.project->repoPath);
    QVERIFY2(git.ok, qPrintable(git.error));
    QCOMPARE(git.describe, u"v1.4.0"_s);
    // A second start rewrites the yaml for a new port and keeps the repository.
    QCOMPARE(DemoProject::write(dir.path(), QUrl(u"http://127.0.0.1:40001"_s), u"/usr/bin/liftoff"_s), QString());
    const ConfigLoadResult again = ConfigLoader::loadFile(dir.filePath(u"liftoff.yaml"_s));
    QVERIFY(again.ok());
    QCOMPARE(again.project->environments.first().url, u"http://127.0.0.1:40001"_s);
    QCOMPARE(GitDescription::of(again.project->repoPath).commit, git.commit);
}

QTEST_GUILESS_MAIN(TestDemoProject)
#include "TestDemoProject.moc"
