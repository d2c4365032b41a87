// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/FlagSwitch.h"
#include "actions/KillSwitchController.h"
#include "config/ConfigLoader.h"
#include "demo/DemoService.h"
#include "probes/FlagsProbe.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/RollbackStore.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QByteArray UNLEASH_TOKEN = "user:unleash-admin-token-4711";

const QByteArray FLAGD_FILE =
    "{\"$schema\": \"https://flagd.dev/schema/v0/flags.json\",\n"
    " \"flags\": {\n"
    "  \"ai-enabled\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true, \"off\": false}, \"defaultVariant\": \"on\"},\n"
    "  \"other\": {\"state\": \"ENABLED\", \"variants\": {\"a\": \"x\"}, \"defaultVariant\": \"a\"}\n"
    " }}\n";
} // namespace

/**
 * The kill switch against a local OFREP service (the demo), a flagd file and a local
 * Unleash-shaped admin API; flips recorded in a real SQLite file and sent to a local webhook.
 */
class TestKillSwitch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void ofrepReadsAndFlips();
    void ofrepUnknownFlagFails();
    void flagdFileReadsAndFlips();
    void flagdFileRefusesNonBooleanFlag();
    void unleashReadsAndFlips();
    void unleashUnknownEnvironmentFails();
    void flipIsRecordedAuditedAndNotified();
    void flipNeedsAReason();
    void flagsProbePassesWhenTheFlagReads();
    void flagsProbeFailsForAMissingFlag();

private:
    std::optional<bool> readValue(FlagSwitch &flagSwitch, QString *error = nullptr);
    std::optional<bool> writeValue(FlagSwitch &flagSwitch, bool value, QString *error = nullptr);
    ProbeResult runFlagsProbe(const FlagsConfig &flags);

    QNetworkAccessManager m_nam;
    std::unique_ptr<DemoService> m_demo;
    std::unique_ptr<QTemporaryDir> m_dir;
    QHttpServer m_unleash;
    quint16 m_unleashPort = 0;
    bool m_unleashEnabled = true;
    QList<QByteArray> m_unleashAuth;
    QHttpServer m_receiver;
    quint16 m_receiverPort = 0;
    QList<QByteArray> m_hooks;
};

void TestKillSwitch::initTestCase()
{
    qRegisterMetaType<FlagFlipRecord>();
    qRegisterMetaType<ProbeResult>();
    using Method = QHttpServerRequest::Method;
    m_unleash.route(u"/api/admin/projects/default/features/<arg>"_s, Method::Get,
                    [this](const QString &flag, const QHttpServerRequest &request) {
                        m_unleashAuth.append(request.value("Authorization"));
                        if (flag != u"ai-enabled")
                            return QHttpServerResponse(QHttpServerResponse::StatusCode::NotFound);
                        const QJsonObject body {
                            {u"name"_s, flag},
                            {u"environments"_s, QJsonArray {QJsonObject {{u"name"_s, u"development"_s}, {u"enabled"_s, true}},
                                                            QJsonObject {{u"name"_s, u"production"_s},
                                                                         {u"enabled"_s, m_unleashEnabled}}}}};
                        return QHttpServerResponse(body);
                    });
    m_unleash.route(u"/api/admin/projects/default/features/ai-enabled/environments/production/<arg>"_s, Method::Post,
                    [this](const QString &onOff, const QHttpServerRequest &request) {
                        m_unleashAuth.append(request.value("Authorization"));
                        m_unleashEnabled = onOff == u"on";
                        return QHttpServerResponse(QHttpServerResponse::StatusCode::Ok);
                    });
    m_unleashPort = m_unleash.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_unleashPort != 0);
    m_receiver.route(u"/hook"_s, Method::Post, [this](const QHttpServerRequest &request) {
        m_hooks.append(request.body());
        return QHttpServerResponse(QHttpServerResponse::StatusCode::Ok);
    });
    m_receiverPort = m_receiver.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_receiverPort != 0);
    qputenv("LIFTOFF_TEST_HOOK", u"http://127.0.0.1:%1/hook"_s.arg(m_receiverPort).toUtf8());
    qputenv("LIFTOFF_TEST_UNLEASH_TOKEN", UNLEASH_TOKEN);
}

void TestKillSwitch::init()
{
    m_demo = std::make_unique<DemoService>(DemoServiceOptions {});
    QVERIFY(m_demo->start(0));
    m_dir = std::make_unique<QTemporaryDir>();
    m_hooks.clear();
    m_unleashAuth.clear();
    m_unleashEnabled = true;
}

void TestKillSwitch::cleanup()
{
    m_demo.reset();
    m_dir.reset();
}

std::optional<bool> TestKillSwitch::readValue(FlagSwitch &flagSwitch, QString *error)
{
    QSignalSpy read(&flagSwitch, &FlagSwitch::valueRead);
    QSignalSpy failed(&flagSwitch, &FlagSwitch::failed);
    flagSwitch.read();
    if (!QTest::qWaitFor([&] { return !read.isEmpty() || !failed.isEmpty(); }, 10000) || !failed.isEmpty()) {
        if (error && !failed.isEmpty())
            *error = failed.first().first().toString();
        return std::nullopt;
    }
    return read.first().first().toBool();
}

std::optional<bool> TestKillSwitch::writeValue(FlagSwitch &flagSwitch, bool value, QString *error)
{
    QSignalSpy written(&flagSwitch, &FlagSwitch::valueWritten);
    QSignalSpy failed(&flagSwitch, &FlagSwitch::failed);
    flagSwitch.write(value);
    if (!QTest::qWaitFor([&] { return !written.isEmpty() || !failed.isEmpty(); }, 10000) || !failed.isEmpty()) {
        if (error && !failed.isEmpty())
            *error = failed.first().first().toString();
        return std::nullopt;
    }
    return written.first().first().toBool();
}

void TestKillSwitch::ofrepReadsAndFlips()
{
    FlagsConfig config {FlagsConfig::Kind::Ofrep, m_demo->baseUrl().toString(), u"ai-enabled"_s, {}, {}};
    FlagSwitch flagSwitch(&m_nam, config, m_dir->path(), u"demo"_s);
    QCOMPARE(readValue(flagSwitch), std::optional<bool>(true));
    QCOMPARE(writeValue(flagSwitch, false), std::optional<bool>(false));
    QCOMPARE(m_demo->flagValue(u"ai-enabled"_s), std::optional<bool>(false));
    QCOMPARE(readValue(flagSwitch), std::optional<bool>(false));
    QCOMPARE(writeValue(flagSwitch, true), std::optional<bool>(true));
    QCOMPARE(m_demo->flagValue(u"ai-enabled"_s), std::optional<bool>(true));
}

void TestKillSwitch::ofrepUnknownFlagFails()
{
    FlagsConfig config {FlagsConfig::Kind::Ofrep, m_demo->baseUrl().toString(), u"no-such-flag"_s, {}, {}};
    FlagSwitch flagSwitch(&m_nam, config, m_dir->path(), u"demo"_s);
    QString error;
    QVERIFY(!readValue(flagSwitch, &error));
    QVERIFY2(error.contains(u"does not exist"_s), qPrintable(error));
}

void TestKillSwitch::flagdFileReadsAndFlips()
{
    QFile file(m_dir->filePath(u"flags.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(FLAGD_FILE);
    file.close();
    FlagsConfig config {FlagsConfig::Kind::FlagdFile, {}, u"ai-enabled"_s, u"flags.json"_s, {}};
    FlagSwitch flagSwitch(&m_nam, config, m_dir->path(), u"demo"_s);
    QCOMPARE(readValue(flagSwitch), std::optional<bool>(true));
    QCOMPARE(writeValue(flagSwitch, false), std::optional<bool>(false));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    QCOMPARE(root[u"flags"][u"ai-enabled"][u"defaultVariant"].toString(), u"off"_s);
    QCOMPARE(root[u"flags"][u"other"][u"defaultVariant"].toString(), u"a"_s); // the rest is kept
    QCOMPARE(readValue(flagSwitch), std::optional<bool>(false));
}

void TestKillSwitch::flagdFileRefusesNonBooleanFlag()
{
    QString error;
    QVERIFY(!FlagSwitch::flagdValue(FLAGD_FILE, u"other"_s, &error));
    QVERIFY(error.contains(u"boolean"_s));
    QVERIFY(!FlagSwitch::flagdValue(FLAGD_FILE, u"missing"_s, &error));
    QVERIFY(error.contains(u"not defined"_s));
    QVERIFY(!FlagSwitch::flagdValue("{not json", u"ai-enabled"_s, &error));
}

void TestKillSwitch::unleashReadsAndFlips()
{
    FlagsConfig config {FlagsConfig::Kind::Unleash, u"http://127.0.0.1:%1/"_s.arg(m_unleashPort), u"ai-enabled"_s, {},
                        SecretRef::parse(u"env:LIFTOFF_TEST_UNLEASH_TOKEN")};
    FlagSwitch flagSwitch(&m_nam, config, m_dir->path(), u"production"_s);
    QCOMPARE(readValue(flagSwitch), std::optional<bool>(true));
    QCOMPARE(writeValue(flagSwitch, false), std::optional<bool>(false));
    QVERIFY(!m_unleashEnabled);
    QCOMPARE(readValue(flagSwitch), std::optional<bool>(false));
    QVERIFY(!m_unleashAuth.isEmpty());
    for (const QByteArray &auth : std::as_const(m_unleashAuth))
        QCOMPARE(auth, UNLEASH_TOKEN);
}

void TestKillSwitch::unleashUnknownEnvironmentFails()
{
    FlagsConfig config {FlagsConfig::Kind::Unleash, u"http://127.0.0.1:%1"_s.arg(m_unleashPort), u"ai-enabled"_s, {},
                        SecretRef::parse(u"env:LIFTOFF_TEST_UNLEASH_TOKEN")};
    FlagSwitch flagSwitch(&m_nam, config, m_dir->path(), u"staging"_s);
    QString error;
    QVERIFY(!writeValue(flagSwitch, false, &error));
    QVERIFY2(error.contains(u"no Unleash environment named staging"_s), qPrintable(error));
    QVERIFY(m_unleashEnabled);
}

void TestKillSwitch::flipIsRecordedAuditedAndNotified()
{
    const QString yaml = uR"(version: 1
project: flag-test
environments:
  demo: {url: %1}
notify:
  room: {webhook: env:LIFTOFF_TEST_HOOK}
flags:
  ofrep: {base_url: "%1", flag: ai-enabled}
)"_s.arg(m_demo->baseUrl().toString());
    const ConfigLoadResult loaded = ConfigLoader::loadText(yaml.toUtf8(), m_dir->filePath(u"liftoff.yaml"_s), m_dir->path());
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    Database db;
    QVERIFY(!db.open(m_dir->filePath(u"liftoff.sqlite"_s)).isError());
    ChecklistRepository repo(db);
    qint64 projectId = 0;
    QVERIFY(!repo.ensureProject(loaded.project->name, loaded.project->configPath, &projectId).isError());
    DeploymentRecord deployment {0, projectId, u"d1"_s, u"demo"_s, u"v1.4.0"_s, {}, {}, {}, {}};
    QVERIFY(!repo.createDeployment(&deployment, u"tester"_s).isError());

    RollbackStore store(db.path());
    KillSwitchController controller(&store, &m_nam, *loaded.project, u"demo"_s);
    QSignalSpy finished(&controller, &KillSwitchController::flipFinished);
    controller.flip(false, u"model answers off-topic"_s, u"lena"_s, deployment.id);
    QVERIFY(finished.wait(15000));
    const FlagFlipRecord flip = finished.first().first().value<FlagFlipRecord>();
    QCOMPARE(flip.outcome, u"flipped"_s);
    QCOMPARE(flip.fromValue, u"true"_s);
    QCOMPARE(flip.toValue, u"false"_s);
    QVERIFY(flip.id > 0);
    QCOMPARE(m_demo->flagValue(u"ai-enabled"_s), std::optional<bool>(false));
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(u"SELECT who, note FROM audit WHERE kind = 'flag'"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"lena"_s);
    QVERIFY(q.value(1).toString().contains(u"model answers off-topic"_s));
    q.finish();
    QCOMPARE(m_hooks.size(), 1);
    QVERIFY(m_hooks.first().contains("model answers off-topic"));
    QVERIFY(m_hooks.first().contains("lena"));
}

void TestKillSwitch::flipNeedsAReason()
{
    ProjectConfig project;
    project.flags = FlagsConfig {FlagsConfig::Kind::Ofrep, m_demo->baseUrl().toString(), u"ai-enabled"_s, {}, {}};
    RollbackStore store(m_dir->filePath(u"liftoff.sqlite"_s));
    KillSwitchController controller(&store, &m_nam, project, u"demo"_s);
    QSignalSpy finished(&controller, &KillSwitchController::flipFinished);
    controller.flip(false, u"  "_s, u"lena"_s, 0);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<FlagFlipRecord>().outcome, u"refused"_s);
    QCOMPARE(m_demo->flagValue(u"ai-enabled"_s), std::optional<bool>(true));
}

ProbeResult TestKillSwitch::runFlagsProbe(const FlagsConfig &flags)
{
    auto project = std::make_shared<ProjectConfig>();
    project->flags = flags;
    ProbeContext context;
    context.project = project;
    context.environment = u"demo"_s;
    ProbeRequest request;
    request.itemId = u"rb.feature-flags"_s;
    request.spec.kind = u"flags"_s;
    FlagsProbe probe(&m_nam, context, request);
    QSignalSpy finished(&probe, &Probe::finished);
    probe.start();
    if (!finished.wait(10000))
        return {};
    return finished.first().first().value<ProbeResult>();
}

void TestKillSwitch::flagsProbePassesWhenTheFlagReads()
{
    const ProbeResult r = runFlagsProbe({FlagsConfig::Kind::Ofrep, m_demo->baseUrl().toString(), u"ai-enabled"_s, {}, {}});
    QCOMPARE(r.status, Status::Pass);
    QCOMPARE(r.summary, u"ai-enabled = true (ofrep)"_s);
}

void TestKillSwitch::flagsProbeFailsForAMissingFlag()
{
    const ProbeResult r = runFlagsProbe({FlagsConfig::Kind::Ofrep, m_demo->baseUrl().toString(), u"gone"_s, {}, {}});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY(r.summary.contains(u"does not exist"_s));
}

QTEST_GUILESS_MAIN(TestKillSwitch)
#include "TestKillSwitch.moc"
