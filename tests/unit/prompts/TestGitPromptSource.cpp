// SPDX-License-Identifier: GPL-3.0-or-later
#include "GitRepoBuilder.h"

#include "prompts/GitPromptSource.h"
#include "prompts/PromptDiff.h"
#include "prompts/ShippedPromptResolver.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** GitPromptSource over repositories built with libgit2: one version per commit touching a prompt file. */
class TestGitPromptSource : public QObject
{
    Q_OBJECT

private slots:
    void versionsPerFileNewestFirst();
    void addedAndRemovedFiles();
    void reorderedAndWhitespaceOnlyVersions();
    void nonUtf8ContentIsKeptAndFlaggedInTheDiff();
    void commitsOutsideTheFolderAreNoVersions();
    void shippedVersionsFollowTheDeploymentCommit();
    void notARepositoryIsAnError();
};

void TestGitPromptSource::versionsPerFileNewestFirst()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    QVERIFY(repo.isValid());
    repo.write(u"prompts/system.md"_s, "You are helpful.\n");
    const QString first = repo.commit(u"First prompt"_s, 1790000000, u"Ada"_s);
    repo.write(u"prompts/system.md"_s, "You are helpful and brief.\n");
    const QString second = repo.commit(u"Shorter answers\n\nLong body."_s, 1790086400, u"Grace"_s);
    QVERIFY(repo.tag(u"v2"_s, second, true));

    const PromptCatalog catalog = GitPromptSource::read(dir.path(), u"prompts/"_s);
    QVERIFY2(catalog.ok, qPrintable(catalog.error));
    QCOMPARE(catalog.prompts.size(), 1);
    const PromptHistory &history = catalog.prompts.first();
    QCOMPARE(history.name, u"prompts/system.md"_s);
    QCOMPARE(history.versions.size(), 2);
    QCOMPARE(history.versions[0].id, second);
    QCOMPARE(history.versions[0].shortId, second.left(7));
    QCOMPARE(history.versions[0].author, u"Grace"_s);
    QCOMPARE(history.versions[0].message, u"Shorter answers"_s);
    QCOMPARE(history.versions[0].labels, QStringList {u"v2"_s});
    QCOMPARE(history.versions[0].date, QDateTime::fromSecsSinceEpoch(1790086400, Qt::UTC));
    QCOMPARE(history.versions[0].content, QByteArray("You are helpful and brief.\n"));
    QCOMPARE(history.versions[1].id, first);
    QCOMPARE(history.versions[1].content, QByteArray("You are helpful.\n"));
    QVERIFY(!history.versions[0].blobId.isEmpty());
}

void TestGitPromptSource::addedAndRemovedFiles()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"prompts/a.md"_s, "A\n");
    repo.commit(u"a"_s);
    repo.write(u"prompts/b.md"_s, "B\n");
    repo.commit(u"add b"_s);
    repo.remove(u"prompts/a.md"_s);
    repo.commit(u"drop a"_s);

    const PromptCatalog catalog = GitPromptSource::read(dir.path(), u"prompts"_s);
    QVERIFY(catalog.ok);
    QCOMPARE(catalog.prompts.size(), 2);
    const PromptHistory *a = catalog.find(u"prompts/a.md"_s);
    QVERIFY(a);
    QCOMPARE(a->versions.size(), 2);
    QVERIFY(a->versions[0].removed);
    QVERIFY(a->versions[0].content.isEmpty());
    QCOMPARE(a->versions[0].message, u"drop a"_s);
    const PromptHistory *b = catalog.find(u"prompts/b.md"_s);
    QVERIFY(b);
    QCOMPARE(b->versions.size(), 1);
    QCOMPARE(b->versions[0].message, u"add b"_s);
}

void TestGitPromptSource::reorderedAndWhitespaceOnlyVersions()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"prompts/p.md"_s, "one\ntwo\nthree\n");
    repo.commit(u"v1"_s);
    repo.write(u"prompts/p.md"_s, "three\none\ntwo\n");
    repo.commit(u"reorder"_s);
    repo.write(u"prompts/p.md"_s, "three\n  one\ntwo\n");
    repo.commit(u"indent"_s);

    const PromptCatalog catalog = GitPromptSource::read(dir.path(), u"prompts"_s);
    const PromptHistory *p = catalog.find(u"prompts/p.md"_s);
    QVERIFY(p);
    QCOMPARE(p->versions.size(), 3);
    const PromptDiffResult reorder = PromptDiff::compare(p->versions[2].content, p->versions[1].content);
    QCOMPARE(reorder.changedRows, 2);
    QCOMPARE(reorder.whitespaceOnlyRows, 0);
    const PromptDiffResult indent = PromptDiff::compare(p->versions[1].content, p->versions[0].content);
    QCOMPARE(indent.changedRows, 1);
    QCOMPARE(indent.whitespaceOnlyRows, 1);
}

void TestGitPromptSource::nonUtf8ContentIsKeptAndFlaggedInTheDiff()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"prompts/latin1.md"_s, QByteArray("R\xe9sum\xe9 the ticket.\n"));
    repo.commit(u"latin-1 prompt"_s);
    repo.write(u"prompts/latin1.md"_s, "Résumé the ticket.\n");
    repo.commit(u"utf-8 now"_s);
    const PromptCatalog catalog = GitPromptSource::read(dir.path(), u"prompts"_s);
    const PromptHistory *p = catalog.find(u"prompts/latin1.md"_s);
    QVERIFY(p);
    QCOMPARE(p->versions.size(), 2);
    QCOMPARE(p->versions[1].content, QByteArray("R\xe9sum\xe9 the ticket.\n")); // bytes as stored
    const PromptDiffResult diff = PromptDiff::compare(p->versions[1].content, p->versions[0].content);
    QVERIFY(diff.leftLossy);
    QVERIFY(!diff.rightLossy);
    QCOMPARE(diff.changedRows, 1);
}

void TestGitPromptSource::commitsOutsideTheFolderAreNoVersions()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"prompts/p.md"_s, "p\n");
    repo.commit(u"prompt"_s);
    repo.write(u"app/main.py"_s, "print()\n");
    repo.commit(u"code only"_s);
    repo.write(u"promptsX/q.md"_s, "look-alike folder\n");
    repo.commit(u"other folder"_s);
    const PromptCatalog catalog = GitPromptSource::read(dir.path(), u"./prompts/"_s);
    QCOMPARE(catalog.prompts.size(), 1);
    QCOMPARE(catalog.prompts.first().versions.size(), 1);
    const PromptCatalog none = GitPromptSource::read(dir.path(), u"missing"_s);
    QVERIFY(none.ok);
    QVERIFY(none.prompts.isEmpty());
}

void TestGitPromptSource::shippedVersionsFollowTheDeploymentCommit()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"prompts/p.md"_s, "one\n");
    const QString c1 = repo.commit(u"one"_s);
    QVERIFY(repo.tag(u"v1.0.0"_s, c1));
    repo.write(u"prompts/p.md"_s, "two\n");
    repo.commit(u"two"_s);
    repo.write(u"README.md"_s, "later\n");
    const QString c3 = repo.commit(u"readme"_s);
    const PromptCatalog catalog = GitPromptSource::read(dir.path(), u"prompts"_s);
    // By version tag, by commit, and by a recorded version that overrides the revision.
    QCOMPARE(ShippedPromptResolver::resolve(catalog, dir.path(), u"prompts"_s, u"v1.0.0"_s, {}).value(u"prompts/p.md"_s), 1);
    QCOMPARE(ShippedPromptResolver::resolve(catalog, dir.path(), u"prompts"_s, c3, {}).value(u"prompts/p.md"_s), 0);
    DeploymentPromptRecord recorded {7, u"prompts/p.md"_s, u"git"_s, c1, {}, {}};
    QCOMPARE(ShippedPromptResolver::resolve(catalog, dir.path(), u"prompts"_s, c3, {recorded}).value(u"prompts/p.md"_s), 1);
    QVERIFY(ShippedPromptResolver::resolve(catalog, dir.path(), u"prompts"_s, u"nope"_s, {}).isEmpty());
    QString error;
    QCOMPARE(GitPromptSource::resolveCommit(dir.path(), u"v1.0.0"_s, &error), c1);
}

void TestGitPromptSource::notARepositoryIsAnError()
{
    QTemporaryDir dir;
    const PromptCatalog catalog = GitPromptSource::read(dir.path(), u"prompts"_s);
    QVERIFY(!catalog.ok);
    QVERIFY(catalog.error.contains(dir.path()));
}

QTEST_APPLESS_MAIN(TestGitPromptSource)
#include "TestGitPromptSource.moc"
