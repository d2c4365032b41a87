// SPDX-License-Identifier: GPL-3.0-or-later
#include "LangfusePromptServer.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using TestSupport::runLiftoff;

/**
 * `liftoff deploy new` records the prompt versions each deployment ships (a git folder made with the
 * git binary, or Langfuse on a local QtHttpServer): the built binary end to end. (qa.baseline-recorded
 * against those versions is the eval probe's: TestEvalCli.)
 */
class TestPromptsCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void gitPromptVersionsPerDeployment();
    void unreadablePromptsStillRecordTheDeployment();
    void noPromptsConfiguredSaysNothing();
    void langfuseProductionVersions();

private:
    QStringList common() const { return {u"--config"_s, m_config, u"--db"_s, m_db}; }
    void writeConfig(const QByteArray &prompts);
    void writeFile(const QString &relative, const QByteArray &content);
    QString git(const QStringList &args);
    /** deployment_prompts of a deployment, read from the SQLite file: prompt → version. */
    QHash<QString, QString> recorded(const QString &deployment);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
    QString m_db;
};

void TestPromptsCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = m_dir->filePath(u"liftoff.yaml"_s);
    m_db = m_dir->filePath(u"store/liftoff.sqlite"_s);
}

void TestPromptsCli::writeConfig(const QByteArray &prompts)
{
    writeFile(u"liftoff.yaml"_s, "version: 1\nproject: support-bot\nenvironments:\n  production:\n"
                                 "    url: https://support.example.test\nrepo: .\n" + prompts);
}

void TestPromptsCli::writeFile(const QString &relative, const QByteArray &content)
{
    const QString path = m_dir->filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

QString TestPromptsCli::git(const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(m_dir->path());
    p.start(u"git"_s, QStringList {u"-c"_s, u"user.name=Test"_s, u"-c"_s, u"user.email=t@example.test"_s,
                                   u"-c"_s, u"commit.gpgsign=false"_s} + args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        qWarning() << "git" << args << p.readAllStandardError();
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

QHash<QString, QString> TestPromptsCli::recorded(const QString &deployment)
{
    QHash<QString, QString> out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"prompts-cli-check"_s);
        db.setDatabaseName(m_db);
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(u"SELECT p.prompt, p.version FROM deployment_prompts p JOIN deployments d"
                      u" ON d.id = p.deployment_id WHERE d.name = ?"_s);
            q.addBindValue(deployment);
            if (q.exec()) {
                while (q.next())
                    out.insert(q.value(0).toString(), q.value(1).toString());
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"prompts-cli-check"_s);
    return out;
}

void TestPromptsCli::gitPromptVersionsPerDeployment()
{
    writeConfig("prompts:\n  git: prompts/\n");
    git({u"init"_s, u"-q"_s});
    QVERIFY(QFileInfo::exists(m_dir->filePath(u".git"_s)));
    writeFile(u"prompts/support-answer.md"_s, "Answer briefly.\n");
    writeFile(u"prompts/refund.md"_s, "Refunds within 30 days.\n");
    git({u"add"_s, u"-A"_s});
    git({u"commit"_s, u"-q"_s, u"-m"_s, u"prompts v1"_s});
    const QString v1 = git({u"rev-parse"_s, u"HEAD"_s});
    QCOMPARE(v1.size(), 40);

    auto r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--name"_s, u"prod-1"_s} + common());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(u"prompt prompts/support-answer.md: version 1 (%1)"_s.arg(v1.left(7))), r.out.constData());
    QVERIFY(out.contains(u"prompt prompts/refund.md: version 1 (%1)"_s.arg(v1.left(7))));
    QVERIFY2(!out.contains(u"qa.baseline-recorded"_s), r.out.constData()); // deploy new no longer judges it
    QCOMPARE(recorded(u"prod-1"_s).value(u"prompts/support-answer.md"_s), v1);

    // The answer prompt changes; then a commit that touches no prompt.
    writeFile(u"prompts/support-answer.md"_s, "Answer briefly and cite the help-center article.\n");
    git({u"commit"_s, u"-q"_s, u"-am"_s, u"cite articles"_s});
    const QString v2 = git({u"rev-parse"_s, u"HEAD"_s});
    writeFile(u"app.py"_s, "print('hi')\n");
    git({u"add"_s, u"app.py"_s});
    git({u"commit"_s, u"-q"_s, u"-m"_s, u"code only"_s});
    r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--name"_s, u"prod-2"_s} + common());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(u"prompt prompts/support-answer.md: version 2 (%1)"_s.arg(v2.left(7))), r.out.constData());
    QVERIFY(out.contains(u"prompt prompts/refund.md: version 1 (%1)"_s.arg(v1.left(7))));
    const QHash<QString, QString> second = recorded(u"prod-2"_s);
    QCOMPARE(second.value(u"prompts/support-answer.md"_s), v2); // the prompt's commit, not HEAD
    QCOMPARE(second.value(u"prompts/refund.md"_s), v1);

    // The next deployment ships the same prompts: the same versions are recorded.
    r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--name"_s, u"prod-3"_s} + common());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(recorded(u"prod-3"_s), second);
}

void TestPromptsCli::unreadablePromptsStillRecordTheDeployment()
{
    writeConfig("prompts:\n  git: prompts/\n"); // and no git repository at all
    auto r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s, u"--name"_s, u"prod-1"_s}
                        + common());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(u"liftoff deploy new: warning: prod-1 was recorded without its prompt versions: cannot "
                          u"read the prompts folder prompts/"_s),
             r.err.constData());
    QVERIFY(err.contains(u"make `repo:` in liftoff.yaml point at the app's git repository"_s));
    QVERIFY(r.out.contains("recorded deployment prod-1"));
    r = runLiftoff(QStringList {u"deploy"_s, u"list"_s} + common());
    QVERIFY(r.out.contains("prod-1"));
    QVERIFY(recorded(u"prod-1"_s).isEmpty());
}

void TestPromptsCli::noPromptsConfiguredSaysNothing()
{
    writeConfig({});
    const auto r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s} + common());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QVERIFY(!r.out.contains("prompt"));
    QVERIFY(!r.out.contains("qa.baseline-recorded"));
}

void TestPromptsCli::langfuseProductionVersions()
{
    LangfusePromptServer server;
    QVERIFY(server.listen());
    server.setPrompt(u"support-answer"_s, 2, 2);
    writeConfig("prompts:\n  langfuse:\n    base_url: " + server.url().toUtf8()
                + "\n    public_key: env:LIFTOFF_TEST_LF_PK\n    secret_key: env:LIFTOFF_TEST_LF_SK\n"
                  "    names: [support-answer]\n");
    const QMap<QString, QString> keys {{u"LIFTOFF_TEST_LF_PK"_s, QString::fromLatin1(LangfusePromptServer::PUBLIC_KEY)},
                                       {u"LIFTOFF_TEST_LF_SK"_s, QString::fromLatin1(LangfusePromptServer::SECRET_KEY)}};
    auto deploy = [&](const QString &name, const QMap<QString, QString> &env) {
        return TestSupport::runLiftoffServing(
            QStringList {u"deploy"_s, u"new"_s, u"--version"_s, name, u"--name"_s, name} + common(), env);
    };
    auto r = deploy(u"lf-1"_s, keys);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("prompt support-answer: version 2 (production)"), r.out.constData());
    QCOMPARE(recorded(u"lf-1"_s).value(u"support-answer"_s), u"2"_s);

    server.setPrompt(u"support-answer"_s, 4, 4); // two new versions, production moved to the newest
    r = deploy(u"lf-2"_s, keys);
    QVERIFY2(r.out.contains("prompt support-answer: version 4 (production)"), r.out.constData());

    // Wrong keys: recorded anyway, with a warning that says what to fix.
    QMap<QString, QString> wrong = keys;
    wrong.insert(u"LIFTOFF_TEST_LF_SK"_s, u"sk-lf-wrong"_s);
    r = deploy(u"lf-3"_s, wrong);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("warning: lf-3 was recorded without its prompt versions") && r.err.contains("HTTP 401")
                 && r.err.contains("check prompts.langfuse public_key and secret_key"),
             r.err.constData());
    QVERIFY(runLiftoff(QStringList {u"deploy"_s, u"list"_s} + common()).out.contains("lf-3"));
}

QTEST_GUILESS_MAIN(TestPromptsCli)
#include "TestPromptsCli.moc"
