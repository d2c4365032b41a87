// SPDX-License-Identifier: GPL-3.0-or-later
#include "../prompts/GitRepoBuilder.h"

#include "checklist/ChecklistTemplate.h"
#include "git/GitReleaseInspector.h"
#include "probes/BackgroundProbe.h"
#include "probes/GitCheck.h"
#include "probes/ProbePlanner.h"
#include "probes/StandardProbeFactory.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace Qt::StringLiterals;

namespace {
DeploymentRecord deployment(qint64 id, const QString &version, const QString &commit, int daysAgo, bool released)
{
    DeploymentRecord d;
    d.id = id;
    d.name = u"d-"_s + version;
    d.version = version;
    d.commit = commit;
    d.created = QDateTime::currentDateTimeUtc().addDays(-daysAgo);
    if (released)
        d.released = d.created.addSecs(60);
    return d;
}

struct Repo
{
    QTemporaryDir dir;
    GitRepoBuilder builder {dir.path()};
    QString first;
    QString second;

    Repo()
    {
        builder.write(u"app.py"_s, "print(1)\n");
        first = builder.commit(u"one"_s);
        builder.write(u"app.py"_s, "print(2)\n");
        second = builder.commit(u"two"_s);
    }
};

ProbeResult runProbe(const QString &repoPath, const DeploymentHistory &history, const QVariantMap &params = {})
{
    ProbeContext context;
    context.repoPath = repoPath;
    context.deployments = history;
    StandardProbeFactory factory(nullptr, context);
    ProbeRequest request;
    request.itemId = u"rb.version-tagged"_s;
    request.spec.kind = u"git"_s;
    request.spec.params = params;
    QString error;
    std::unique_ptr<Probe> probe = factory.create(request, &error);
    if (!probe)
        return ProbeResult::error(request.itemId, error);
    QSignalSpy spy(probe.get(), &Probe::finished);
    probe->start();
    if (!spy.wait(20000))
        return ProbeResult::error(request.itemId, u"no result"_s);
    return spy.first().first().value<ProbeResult>();
}
} // namespace

/** The git probe (rb.version-tagged) against repositories built with libgit2. */
class TestGitProbe : public QObject
{
    Q_OBJECT

private slots:
    void bothTaggedAndCleanPasses();
    void previousUntaggedFails();
    void currentUntaggedWarns();
    void annotatedTagsCountAndVersionNamesResolve();
    void noPreviousDeploymentWarns();
    void previousCommitMissingFails();
    void dirtyTreeFollowsThePolicy_data();
    void dirtyTreeFollowsThePolicy();
    void notARepositoryIsAnError();
    void plannerGivesRepositoryItemsADefaultRequest();
    void historyPicksTheNewestEarlierRelease();
    void cancelAnswersWithError();
};

void TestGitProbe::bothTaggedAndCleanPasses()
{
    Repo repo;
    QVERIFY(repo.builder.tag(u"v1.0.0"_s, repo.first));
    QVERIFY(repo.builder.tag(u"v1.1.0"_s, repo.second));
    const DeploymentHistory history {deployment(2, u"v1.1.0"_s, repo.second, 0, false),
                                     deployment(1, u"v1.0.0"_s, repo.first, 7, true)};
    const ProbeResult result = runProbe(repo.dir.path(), history);
    QCOMPARE(result.status, Status::Pass);
    QCOMPARE(result.itemId, u"rb.version-tagged"_s);
    QCOMPARE(result.evidence.value(u"previous"_s).toObject().value(u"tags"_s).toArray(), QJsonArray {u"v1.0.0"_s});
    QCOMPARE(result.evidence.value(u"current"_s).toObject().value(u"tags"_s).toArray(), QJsonArray {u"v1.1.0"_s});
    QVERIFY(result.evidence.value(u"working_tree"_s).toObject().value(u"clean"_s).toBool());
}

void TestGitProbe::previousUntaggedFails()
{
    Repo repo;
    QVERIFY(repo.builder.tag(u"v1.1.0"_s, repo.second));
    const DeploymentHistory history {deployment(2, u"v1.1.0"_s, repo.second, 0, false),
                                     deployment(1, u"v1.0.0"_s, repo.first, 7, true)};
    const ProbeResult result = runProbe(repo.dir.path(), history);
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.contains(u"no tag"_s) && result.summary.contains(u"git tag v1.0.0"_s), qPrintable(result.summary));
}

void TestGitProbe::currentUntaggedWarns()
{
    Repo repo;
    QVERIFY(repo.builder.tag(u"v1.0.0"_s, repo.first));
    const DeploymentHistory history {deployment(2, u"v1.1.0"_s, repo.second, 0, false),
                                     deployment(1, u"v1.0.0"_s, repo.first, 7, true)};
    const ProbeResult result = runProbe(repo.dir.path(), history);
    QCOMPARE(result.status, Status::Warn);
    QVERIFY2(result.summary.contains(u"not tagged yet"_s), qPrintable(result.summary));
}

void TestGitProbe::annotatedTagsCountAndVersionNamesResolve()
{
    Repo repo;
    QVERIFY(repo.builder.tag(u"v1.0.0"_s, repo.first, true));
    QVERIFY(repo.builder.tag(u"v1.1.0"_s, repo.second, true));
    // No commits recorded: the versions name the tags.
    const DeploymentHistory history {deployment(2, u"v1.1.0"_s, {}, 0, false), deployment(1, u"v1.0.0"_s, {}, 7, true)};
    const ProbeResult result = runProbe(repo.dir.path(), history);
    QCOMPARE(result.status, Status::Pass);
    QCOMPARE(result.evidence.value(u"previous"_s).toObject().value(u"commit"_s).toString(), repo.first);
}

void TestGitProbe::noPreviousDeploymentWarns()
{
    Repo repo;
    QVERIFY(repo.builder.tag(u"v1.1.0"_s, repo.second));
    const DeploymentHistory history {deployment(2, u"v1.1.0"_s, repo.second, 0, false), std::nullopt};
    const ProbeResult result = runProbe(repo.dir.path(), history);
    QCOMPARE(result.status, Status::Warn);
    QVERIFY(result.summary.contains(u"no previous released deployment"_s));
}

void TestGitProbe::previousCommitMissingFails()
{
    Repo repo;
    const DeploymentHistory history {deployment(2, u"v1.1.0"_s, repo.second, 0, false),
                                     deployment(1, u"v1.0.0"_s, u"0123456789abcdef0123456789abcdef01234567"_s, 7, true)};
    const ProbeResult result = runProbe(repo.dir.path(), history);
    QCOMPARE(result.status, Status::Fail);
    QVERIFY(result.summary.contains(u"not in the repository"_s));
}

void TestGitProbe::dirtyTreeFollowsThePolicy_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<Status>("expected");
    QTest::newRow("default warns") << QString() << Status::Warn;
    QTest::newRow("fail") << u"fail"_s << Status::Fail;
    QTest::newRow("ignore") << u"ignore"_s << Status::Pass;
    QTest::newRow("unknown value") << u"sometimes"_s << Status::Error;
}

void TestGitProbe::dirtyTreeFollowsThePolicy()
{
    QFETCH(QString, policy);
    QFETCH(Status, expected);
    Repo repo;
    QVERIFY(repo.builder.tag(u"v1.0.0"_s, repo.first));
    QVERIFY(repo.builder.tag(u"v1.1.0"_s, repo.second));
    repo.builder.write(u"app.py"_s, "print(3)\n");
    repo.builder.write(u"notes.txt"_s, "untracked\n");
    const DeploymentHistory history {deployment(2, u"v1.1.0"_s, repo.second, 0, false),
                                     deployment(1, u"v1.0.0"_s, repo.first, 7, true)};
    QVariantMap params;
    if (!policy.isEmpty())
        params.insert(u"dirty"_s, policy);
    const ProbeResult result = runProbe(repo.dir.path(), history, params);
    QCOMPARE(result.status, expected);
    if (expected != Status::Error) {
        const QJsonObject tree = result.evidence.value(u"working_tree"_s).toObject();
        QCOMPARE(tree.value(u"changed_files"_s).toInt(), 2);
        QVERIFY(tree.value(u"files"_s).toArray().contains(u"notes.txt"_s));
    }
}

void TestGitProbe::notARepositoryIsAnError()
{
    QTemporaryDir dir;
    const ProbeResult result = runProbe(dir.path(), {});
    QCOMPARE(result.status, Status::Error);
    QVERIFY(result.summary.contains(u"not a git repository"_s));
}

void TestGitProbe::plannerGivesRepositoryItemsADefaultRequest()
{
    ProjectConfig project;
    QString reason;
    for (const QString &id : {u"rb.version-tagged"_s, u"api.keys-in-env"_s, u"api.model-pinned"_s,
                              u"rb.migrations-reversible"_s, u"sec.mcp-least-privilege"_s}) {
        const ChecklistItem *item = ChecklistTemplate::builtIn().find(id);
        QVERIFY(item);
        const std::optional<ProbeRequest> request = ProbePlanner::requestFor(project, *item, &reason);
        QVERIFY2(request, qPrintable(id + u": "_s + reason));
        QCOMPARE(request->spec.kind, item->binding.probeKind);
        QVERIFY(request->deadlineMs >= 60000);
    }
    const ProbePlanner::Plan plan = ProbePlanner::plan(project, ChecklistTemplate::builtIn(), {u"rb.version-tagged"_s},
                                                       StandardProbeFactory::kinds());
    QCOMPARE(plan.requests.size(), 1);
}

void TestGitProbe::historyPicksTheNewestEarlierRelease()
{
    const QList<DeploymentRecord> all {deployment(1, u"v1"_s, {}, 30, true), deployment(2, u"v2"_s, {}, 20, true),
                                       deployment(3, u"v3"_s, {}, 10, false), deployment(4, u"v4"_s, {}, 5, false),
                                       deployment(5, u"v5"_s, {}, 1, true)};
    const DeploymentHistory history = DeploymentHistory::from(all, 4);
    QCOMPARE(history.current->version, u"v4"_s);
    QCOMPARE(history.previousReleased->version, u"v2"_s); // v3 never released, v5 is later
    QVERIFY(!DeploymentHistory::from(all, 1).previousReleased);
}

void TestGitProbe::cancelAnswersWithError()
{
    BackgroundProbe probe(u"x"_s, [](BackgroundProbe::Shared &shared) {
        while (!shared.cancel.load())
            std::this_thread::yield();
        return ProbeResult {};
    });
    QSignalSpy spy(&probe, &Probe::finished);
    probe.start();
    probe.cancel();
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.first().first().value<ProbeResult>().status, Status::Error);
    QCOMPARE(spy.first().first().value<ProbeResult>().summary, u"cancelled"_s);
}

QTEST_GUILESS_MAIN(TestGitProbe)
#include "TestGitProbe.moc"
