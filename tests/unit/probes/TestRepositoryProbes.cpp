// SPDX-License-Identifier: GPL-3.0-or-later
#include "../prompts/GitRepoBuilder.h"

#include "config/ProjectConfig.h"
#include "probes/Probe.h"
#include "probes/StandardProbeFactory.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
/** An OpenAI-project-key-shaped string built at run time (never a real key, never a literal here). */
QByteArray fakeKey(const QByteArray &seed)
{
    QByteArray body;
    for (int i = 0; body.size() < 148; ++i)
        body += QCryptographicHash::hash(QByteArray(seed + QByteArray::number(i)), QCryptographicHash::Sha256)
                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QByteArray("sk-") + "proj-" + body.left(74) + "T3Blbk" + "FJ" + body.mid(74, 74);
}

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

struct Run
{
    Run(QString repo, QString item, QString probeKind)
        : repoPath(std::move(repo))
        , itemId(std::move(item))
        , kind(std::move(probeKind))
    {
    }

    QString repoPath;
    QString itemId;
    QString kind;
    QVariantMap params;
    DeploymentHistory history;
    std::shared_ptr<ProjectConfig> project = std::make_shared<ProjectConfig>();

    ProbeResult operator()() const
    {
        ProbeContext context;
        context.repoPath = repoPath;
        context.projectDir = project->configDir.isEmpty() ? repoPath : project->configDir;
        context.deployments = history;
        context.project = project;
        StandardProbeFactory factory(nullptr, context);
        ProbeRequest request;
        request.itemId = itemId;
        request.spec.kind = kind;
        request.spec.params = params;
        QString error;
        std::unique_ptr<Probe> probe = factory.create(request, &error);
        if (!probe)
            return ProbeResult::error(itemId, error);
        QSignalSpy spy(probe.get(), &Probe::finished);
        probe->start();
        if (!spy.wait(30000))
            return ProbeResult::error(itemId, u"no result"_s);
        return spy.first().first().value<ProbeResult>();
    }
};
} // namespace

/** The secrets, models, migrations and mcp probe kinds over repositories built with libgit2. */
class TestRepositoryProbes : public QObject
{
    Q_OBJECT

private slots:
    void secretsInHistoryFail();
    void secretsCleanRepositoryPasses();
    void secretsExcludedPathsAreAccepted();
    void secretsInLiftoffYamlFail();
    void modelsFloatingFailsPinnedPasses();
    void modelsUnknownWarns();
    void fallbackModel_data();
    void fallbackModel();
    void migrations_data();
    void migrations();
    void migrationsWithoutPreviousDeploymentAreNotReported();
    void mcp_data();
    void mcp();
    void allRepositoryKindsAreRunnable();
};

void TestRepositoryProbes::secretsInHistoryFail()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    const QByteArray key = fakeKey("history");
    repo.write(u"app/settings.py"_s, "KEY = \"" + key + "\"\n");
    const QString first = repo.commit(u"oops"_s);
    repo.write(u"app/settings.py"_s, "import os\nKEY = os.environ[\"OPENAI_API_KEY\"]\n");
    repo.commit(u"use env"_s);
    const ProbeResult result = Run {dir.path(), u"api.keys-in-env"_s, u"secrets"_s}();
    QCOMPARE(result.status, Status::Fail);
    const QJsonArray findings = result.evidence.value(u"findings"_s).toArray();
    QCOMPARE(findings.size(), 1);
    const QJsonObject finding = findings.first().toObject();
    QCOMPARE(finding.value(u"file"_s).toString(), u"app/settings.py"_s);
    QCOMPARE(finding.value(u"line"_s).toInt(), 1);
    QCOMPARE(finding.value(u"commit"_s).toString(), first);
    QVERIFY(!finding.value(u"in_working_tree"_s).toBool());
    QVERIFY(finding.value(u"key"_s).toString().endsWith(QString::fromLatin1(key.right(4))));
    // The key itself appears nowhere in the result.
    const QByteArray all = QJsonDocument(result.evidence).toJson() + result.summary.toUtf8();
    QVERIFY(!all.contains(key.mid(8, 40)));
    QVERIFY2(result.summary.contains(first.left(7)), qPrintable(result.summary));
}

void TestRepositoryProbes::secretsCleanRepositoryPasses()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"app.py"_s, "import os\nkey = os.environ['OPENAI_API_KEY']\nexample = 'sk-...'\n");
    repo.commit(u"clean"_s);
    const ProbeResult result = Run {dir.path(), u"api.keys-in-env"_s, u"secrets"_s}();
    QCOMPARE(result.status, Status::Pass);
    QVERIFY(result.evidence.value(u"commits_walked"_s).toInt() >= 1);
}

void TestRepositoryProbes::secretsExcludedPathsAreAccepted()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"tests/fixtures/keys.py"_s, "KEY = \"" + fakeKey("fixture") + "\"\n");
    repo.commit(u"fixture"_s);
    Run run {dir.path(), u"api.keys-in-env"_s, u"secrets"_s};
    QCOMPARE(run().status, Status::Fail);
    run.params.insert(u"exclude"_s, QStringList {u"tests/fixtures/**"_s});
    QCOMPARE(run().status, Status::Pass);
}

void TestRepositoryProbes::secretsInLiftoffYamlFail()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path() + u"/repo"_s);
    repo.write(u"README.md"_s, "x\n");
    repo.commit(u"init"_s);
    QFile yaml(dir.filePath(u"liftoff.yaml"_s));
    QVERIFY(yaml.open(QIODevice::WriteOnly));
    yaml.write("version: 1\nproject: x\nsources:\n  cost:\n    openai: {admin_key: " + fakeKey("yaml") + "}\n");
    yaml.close();
    Run run {repo.path(), u"api.keys-in-env"_s, u"secrets"_s};
    run.project->configPath = yaml.fileName();
    const ProbeResult result = run();
    QCOMPARE(result.status, Status::Fail);
    QCOMPARE(result.evidence.value(u"config_findings"_s).toInt(), 1);
    QCOMPARE(result.evidence.value(u"findings"_s).toArray().first().toObject().value(u"file"_s).toString(),
             u"liftoff.yaml"_s);
}

void TestRepositoryProbes::modelsFloatingFailsPinnedPasses()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"app/bot.py"_s, "client.chat.completions.create(model=\"gpt-4o-2024-08-06\", max_tokens=5)\n");
    repo.commit(u"pinned"_s);
    Run run {dir.path(), u"api.model-pinned"_s, u"models"_s};
    QCOMPARE(run().status, Status::Pass);
    repo.write(u"app/summarise.py"_s, "client.chat.completions.create(model=\"gpt-4o-mini\")\n");
    const ProbeResult result = run();
    QCOMPARE(result.status, Status::Fail);
    QVERIFY2(result.summary.contains(u"gpt-4o-mini (app/summarise.py:1)"_s), qPrintable(result.summary));
    run.params.insert(u"exclude"_s, QStringList {u"app/summarise.py"_s});
    QCOMPARE(run().status, Status::Pass);
    // liftoff.yaml's models count too.
    run.project->models.primary = u"claude-3-5-sonnet-latest"_s;
    QCOMPARE(run().status, Status::Fail);
}

void TestRepositoryProbes::modelsUnknownWarns()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"README.md"_s, "no code\n");
    repo.commit(u"init"_s);
    Run run {dir.path(), u"api.model-pinned"_s, u"models"_s};
    QCOMPARE(run().status, Status::NotReported);
    run.project->models.primary = u"acme-house-llm"_s;
    QCOMPARE(run().status, Status::Warn);
}

void TestRepositoryProbes::fallbackModel_data()
{
    QTest::addColumn<QString>("fallback");
    QTest::addColumn<Status>("expected");
    QTest::newRow("none") << QString() << Status::Fail;
    QTest::newRow("floating") << u"claude-3-5-sonnet-latest"_s << Status::Fail;
    QTest::newRow("pinned") << u"claude-sonnet-4-5-20250929"_s << Status::Pass;
    QTest::newRow("unknown") << u"acme-house-llm"_s << Status::Warn;
}

void TestRepositoryProbes::fallbackModel()
{
    QFETCH(QString, fallback);
    QFETCH(Status, expected);
    QTemporaryDir dir;
    Run run {dir.path(), u"api.fallback-model"_s, u"models"_s};
    run.project->models.fallback = fallback;
    const ProbeResult result = run();
    QCOMPARE(result.status, expected);
}

void TestRepositoryProbes::migrations_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<Status>("expected");
    QTest::newRow("alembic reversible") << u"alembic/versions/b2_users.py"_s
                                        << QByteArray("def upgrade():\n    op.create_table('u')\n\n"
                                                      "def downgrade():\n    op.drop_table('u')\n")
                                        << Status::Pass;
    QTest::newRow("alembic empty downgrade") << u"alembic/versions/b2_users.py"_s
                                             << QByteArray("def upgrade():\n    op.create_table('u')\n\n"
                                                           "def downgrade():\n    pass\n")
                                             << Status::Fail;
    QTest::newRow("django runpython without reverse")
        << u"shop/migrations/0002_fill.py"_s
        << QByteArray("from django.db import migrations\n\nclass Migration(migrations.Migration):\n"
                      "    operations = [migrations.RunPython(fill)]\n")
        << Status::Fail;
    QTest::newRow("knex empty down") << u"migrations/20250101_users.js"_s
                                     << QByteArray("exports.up = function(knex) { return knex.schema.createTable('u'); };\n"
                                                   "exports.down = function(knex) {};\n")
                                     << Status::Fail;
    QTest::newRow("flyway is unknown") << u"db/migrations/V2__add_users.sql"_s
                                       << QByteArray("CREATE TABLE users (id int);\n") << Status::NotReported;
}

void TestRepositoryProbes::migrations()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(Status, expected);
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"README.md"_s, "x\n");
    const QString base = repo.commit(u"init"_s);
    repo.write(file, content);
    const QString head = repo.commit(u"migration"_s);
    Run run {dir.path(), u"rb.migrations-reversible"_s, u"migrations"_s};
    run.history = {deployment(2, u"v2"_s, head, 0, false), deployment(1, u"v1"_s, base, 3, true)};
    const ProbeResult result = run();
    QVERIFY2(result.status == expected, qPrintable(result.summary));
    if (expected == Status::NotReported)
        QVERIFY(result.summary.contains(u"unknown layout"_s));
    QCOMPARE(result.evidence.value(u"migrations"_s).toArray().size(), 1);
    QCOMPARE(result.evidence.value(u"base_commit"_s).toString(), base);
}

void TestRepositoryProbes::migrationsWithoutPreviousDeploymentAreNotReported()
{
    QTemporaryDir dir;
    GitRepoBuilder repo(dir.path());
    repo.write(u"README.md"_s, "x\n");
    repo.commit(u"init"_s);
    const ProbeResult result = Run {dir.path(), u"rb.migrations-reversible"_s, u"migrations"_s}();
    QCOMPARE(result.status, Status::NotReported);
}

void TestRepositoryProbes::mcp_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Status>("expected");
    QTest::newRow("filesystem at root") << QByteArray(R"({"mcpServers": {"files": {"command": "npx",
        "args": ["@modelcontextprotocol/server-filesystem", "/"]}}})") << Status::Fail;
    QTest::newRow("scoped") << QByteArray(R"({"mcpServers": {"files": {"command": "npx",
        "args": ["@modelcontextprotocol/server-filesystem", "./docs"]}}})") << Status::Pass;
    QTest::newRow("malformed") << QByteArray(R"({"mcpServers": )") << Status::Error;
    QTest::newRow("none") << QByteArray() << Status::NotReported;
}

void TestRepositoryProbes::mcp()
{
    QFETCH(QByteArray, json);
    QFETCH(Status, expected);
    QTemporaryDir dir;
    Run run {dir.path(), u"sec.mcp-least-privilege"_s, u"mcp"_s};
    run.project->configDir = dir.path();
    if (!json.isEmpty()) {
        QFile file(dir.filePath(u"mcp.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        run.project->mcpConfigs = {u"mcp.json"_s};
    }
    const ProbeResult result = run();
    QVERIFY2(result.status == expected, qPrintable(result.summary));
    if (expected == Status::Fail) {
        const QJsonArray servers
            = result.evidence.value(u"configs"_s).toArray().first().toObject().value(u"servers"_s).toArray();
        QCOMPARE(servers.first().toObject().value(u"name"_s).toString(), u"files"_s);
    }
}

void TestRepositoryProbes::allRepositoryKindsAreRunnable()
{
    const QSet<QString> kinds = StandardProbeFactory::kinds();
    for (const QString &kind : {u"secrets"_s, u"models"_s, u"git"_s, u"migrations"_s, u"mcp"_s})
        QVERIFY2(kinds.contains(kind), qPrintable(kind));
}

QTEST_GUILESS_MAIN(TestRepositoryProbes)
#include "TestRepositoryProbes.moc"
