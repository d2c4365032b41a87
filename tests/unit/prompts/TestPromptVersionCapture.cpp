// SPDX-License-Identifier: GPL-3.0-or-later
#include "GitRepoBuilder.h"
#include "LangfusePromptServer.h"

#include "prompts/PromptVersionCapture.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * Which prompt versions a deployment being recorded ships: a git folder built with libgit2 (at HEAD
 * or an older commit) and Langfuse's `production` label on a local QtHttpServer, plus the failures
 * that must leave the deployment recordable with a message saying what to do.
 */
class TestPromptVersionCapture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void gitFolderAtHeadAndAtAnOlderCommit();
    void removedFilesAreNotShipped();
    void unreadableGitFolderSaysWhatToDo();
    void noPromptsConfiguredReadsOnlyTheCommit();
    void langfuseProductionLabel();
    void langfuseFailuresSayWhatToDo();

private:
    ShippedPrompts capture(const std::optional<PromptSourceConfig> &prompts, const QString &repo,
                           const QString &revision = {});
    QNetworkAccessManager m_nam;
};

void TestPromptVersionCapture::initTestCase()
{
    qputenv("LIFTOFF_TEST_LF_PK", LangfusePromptServer::PUBLIC_KEY);
    qputenv("LIFTOFF_TEST_LF_SK", LangfusePromptServer::SECRET_KEY);
}

ShippedPrompts TestPromptVersionCapture::capture(const std::optional<PromptSourceConfig> &prompts,
                                                 const QString &repo, const QString &revision)
{
    PromptVersionCapture capture(&m_nam, prompts, repo);
    QSignalSpy finished(&capture, &PromptVersionCapture::finished);
    capture.start(revision);
    // Never synchronous: the caller's thread goes on (the GUI stays responsive).
    if (!finished.isEmpty() || !capture.isRunning() || !finished.wait(10000))
        return {};
    if (finished.size() != 1)
        return {};
    return finished.first().first().value<ShippedPrompts>();
}

namespace {
PromptSourceConfig gitFolder(const QString &folder)
{
    PromptSourceConfig config;
    config.kind = PromptSourceConfig::Kind::Git;
    config.gitFolder = folder;
    return config;
}

PromptSourceConfig langfuse(const QString &url, const QStringList &names)
{
    PromptSourceConfig config;
    config.kind = PromptSourceConfig::Kind::Langfuse;
    config.langfuse.baseUrl = url;
    config.langfuse.publicKey = *SecretRef::parse(u"env:LIFTOFF_TEST_LF_PK"_s);
    config.langfuse.secretKey = *SecretRef::parse(u"env:LIFTOFF_TEST_LF_SK"_s);
    config.langfuse.names = names;
    return config;
}
} // namespace

void TestPromptVersionCapture::gitFolderAtHeadAndAtAnOlderCommit()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    QVERIFY(repo.isValid());
    repo.write(u"prompts/answer.md"_s, "Answer briefly.\n");
    repo.write(u"prompts/rules.md"_s, "No refunds promised.\n");
    const QString first = repo.commit(u"Prompts v1"_s, 1790000000);
    repo.write(u"prompts/answer.md"_s, "Answer briefly and cite the article.\n");
    const QString second = repo.commit(u"Cite articles"_s, 1790003600);
    QVERIFY(repo.tag(u"v1.1.0"_s, second));
    repo.write(u"app/main.py"_s, "print('hi')\n");
    const QString head = repo.commit(u"Code only"_s, 1790007200); // no prompt changed here

    ShippedPrompts shipped = capture(gitFolder(u"prompts/"_s), dir.path());
    QVERIFY2(shipped.ok, qPrintable(shipped.error));
    QVERIFY(shipped.configured);
    QCOMPARE(shipped.commit, head);
    QCOMPARE(shipped.entries.size(), 2);
    const ShippedPrompts::Entry &answer = shipped.entries.at(0);
    QCOMPARE(answer.record.prompt, u"prompts/answer.md"_s);
    QCOMPARE(answer.record.source, u"git"_s);
    QCOMPARE(answer.record.version, second); // the latest commit touching the file, not HEAD
    QCOMPARE(answer.record.label, u"v1.1.0"_s);
    QCOMPARE(answer.number, 2);
    QCOMPARE(answer.line(), u"prompt prompts/answer.md: version 2 (%1)"_s.arg(second.left(7)));
    QCOMPARE(shipped.entries.at(1).record.version, first);
    QCOMPARE(shipped.entries.at(1).number, 1);
    const QList<DeploymentPromptRecord> records = shipped.records(42);
    QCOMPARE(records.size(), 2);
    QCOMPARE(records.at(0).deploymentId, qint64(42));

    // A deployment of the first commit shipped the first versions.
    shipped = capture(gitFolder(u"./prompts"_s), dir.path(), first);
    QVERIFY2(shipped.ok, qPrintable(shipped.error));
    QCOMPARE(shipped.commit, first);
    QCOMPARE(shipped.entries.at(0).record.version, first);
    QCOMPARE(shipped.entries.at(0).number, 1);
}

void TestPromptVersionCapture::removedFilesAreNotShipped()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"prompts/answer.md"_s, "A\n");
    repo.write(u"prompts/old.md"_s, "B\n");
    repo.commit(u"two prompts"_s);
    repo.remove(u"prompts/old.md"_s);
    repo.commit(u"drop old"_s, 1790003600);
    const ShippedPrompts shipped = capture(gitFolder(u"prompts"_s), dir.path());
    QVERIFY(shipped.ok);
    QCOMPARE(shipped.entries.size(), 1);
    QCOMPARE(shipped.entries.at(0).record.prompt, u"prompts/answer.md"_s);
}

void TestPromptVersionCapture::unreadableGitFolderSaysWhatToDo()
{
    QTemporaryDir dir;
    ShippedPrompts shipped = capture(gitFolder(u"prompts/"_s), dir.path()); // not a repository
    QVERIFY(shipped.configured);
    QVERIFY(!shipped.ok);
    QVERIFY(shipped.entries.isEmpty());
    QVERIFY2(shipped.error.contains(u"make `repo:` in liftoff.yaml point at the app's git repository"_s),
             qPrintable(shipped.error));

    GitRepoBuilder repo(dir.path());
    repo.write(u"README.md"_s, "no prompts here\n");
    const QString head = repo.commit(u"readme"_s);
    shipped = capture(gitFolder(u"prompts/"_s), dir.path());
    QVERIFY(!shipped.ok);
    QCOMPARE(shipped.commit, head);
    QVERIFY2(shipped.error.contains(u"no prompt files under prompts/ at commit %1"_s.arg(head.left(7))),
             qPrintable(shipped.error));
    QVERIFY(shipped.error.contains(u"prompts.git"_s));

    shipped = capture(gitFolder(u"prompts/"_s), dir.path(), u"no-such-tag"_s);
    QVERIFY(!shipped.ok);
    QVERIFY2(shipped.error.contains(u"no-such-tag"_s), qPrintable(shipped.error));
}

void TestPromptVersionCapture::noPromptsConfiguredReadsOnlyTheCommit()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"prompts/answer.md"_s, "A\n");
    const QString head = repo.commit(u"one"_s);
    const ShippedPrompts shipped = capture(std::nullopt, dir.path());
    QVERIFY(!shipped.configured);
    QVERIFY(shipped.error.isEmpty());
    QVERIFY(shipped.entries.isEmpty());
    QCOMPARE(shipped.commit, head); // the GUI records it like `deploy new` does
}

void TestPromptVersionCapture::langfuseProductionLabel()
{
    LangfusePromptServer server;
    QVERIFY(server.listen());
    server.setPrompt(u"support-answer"_s, 4, 3);
    server.setPrompt(u"summarize-ticket"_s, 2, 0); // nothing labelled production yet
    const ShippedPrompts shipped
        = capture(langfuse(server.url(), {u"support-answer"_s, u"summarize-ticket"_s}), QString());
    QVERIFY2(shipped.ok, qPrintable(shipped.error));
    QCOMPARE(shipped.entries.size(), 1);
    const ShippedPrompts::Entry &entry = shipped.entries.first();
    QCOMPARE(entry.record.prompt, u"support-answer"_s);
    QCOMPARE(entry.record.source, u"langfuse"_s);
    QCOMPARE(entry.record.version, u"3"_s);
    QCOMPARE(entry.record.label, u"production"_s);
    QCOMPARE(entry.number, 3);
    QCOMPARE(entry.line(), u"prompt support-answer: version 3 (production)"_s);
    QCOMPARE(shipped.warnings.size(), 1);
    QVERIFY(shipped.warnings.first().contains(u"summarize-ticket has no version labelled production"_s));
}

void TestPromptVersionCapture::langfuseFailuresSayWhatToDo()
{
    LangfusePromptServer server;
    QVERIFY(server.listen());
    server.setPrompt(u"support-answer"_s, 2, 2);
    qputenv("LIFTOFF_TEST_LF_SK", "sk-lf-wrong");
    ShippedPrompts shipped = capture(langfuse(server.url(), {u"support-answer"_s}), QString());
    qputenv("LIFTOFF_TEST_LF_SK", LangfusePromptServer::SECRET_KEY);
    QVERIFY(shipped.configured);
    QVERIFY(!shipped.ok);
    QVERIFY2(shipped.error.contains(u"HTTP 401"_s) && shipped.error.contains(u"public_key and secret_key"_s),
             qPrintable(shipped.error));

    shipped = capture(langfuse(server.url(), {u"no-such-prompt"_s}), QString());
    QVERIFY(!shipped.ok);
    QVERIFY2(shipped.error.contains(u"no prompt named no-such-prompt"_s), qPrintable(shipped.error));
    QVERIFY(shipped.error.contains(u"check prompts.langfuse in liftoff.yaml"_s));

    // Nothing listens there: refused at once, said as such.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QString url = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
    closed.close();
    shipped = capture(langfuse(url, {u"support-answer"_s}), QString());
    QVERIFY(!shipped.ok);
    QVERIFY2(shipped.error.contains(u"Langfuse prompts"_s), qPrintable(shipped.error));
}

QTEST_GUILESS_MAIN(TestPromptVersionCapture)
#include "TestPromptVersionCapture.moc"
