// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresServer.h"
#include "actions/RollbackCommandLine.h"
#include "actions/RollbackController.h"
#include "config/ConfigLoader.h"
#include "demo/DemoService.h"
#include "probes/RollbackProbe.h"
#include "store/Actor.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/RollbackRepository.h"
#include "store/RollbackStore.h"
#include "store/StoreLocation.h"

#include "../scan/FakeKeys.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>

using namespace Qt::StringLiterals;

namespace {
const QByteArray SECRET = "sk-rollback-9f8e7d6c5b4a39281706";

/** True when pid no longer runs (gone, or a zombie waiting for init). */
bool processGone(qint64 pid)
{
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
        return true;
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.mid(close + 2, 1) == "Z";
}

QString yamlString(const QString &text)
{
    QString escaped = text;
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s);
    return u"\""_s + escaped + u"\""_s;
}
} // namespace

/**
 * The rollback orchestration against real processes, a real store, the demo service as the
 * environment (its /health is the verify item) and a local webhook receiver for the notification.
 * The store is a SQLite file, or with LIFTOFF_TEST_STORE_BACKEND=postgresql
 * (TestRollbackController_postgresql) a fresh database of a throwaway PostgreSQL per test.
 */
class TestRollbackController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void succeedsVerifiesNotifiesAndAudits();
    void failureIsRecordedAndNothingIsMarked();
    void timeoutStopsTheWholeTree();
    void cancelStopsTheWholeTree();
    void largeOutputIsStored();
    void secretIsRedactedInTheStore();
    void printedProviderKeysNeverReachTheStore();
    void secondPressWhileRunningSaysSo();
    void lockHeldByAnotherLiveProcessRefuses();
    void changedCommandNeedsANewApproval();
    void dryRunSkipsVerificationAndNotification();
    void previewShowsVersionsAndWhatStays();
    void rollbackProbeNeedsApprovalAndAPassingDryRun();
    void fourEyesNeedASecondDistinctApprover();
    void lockOfAnotherHostIsTakenOverAfterTimeoutAndMargin();

private:
    /** Writes liftoff.yaml with the given rollback script and loads it. */
    ProjectConfig project(const QString &script, const QString &timeout = u"30s"_s, const QString &extra = {},
                          int approvers = 1);
    RollbackRecord runToEnd(RollbackController &controller, const RollbackRequest &request);
    void approve(RollbackController &controller, const QString &who = u"tester"_s);
    QString scalar(const QString &sql);

    std::unique_ptr<PostgresServer> m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DemoService> m_demo;
    QHttpServer m_receiver;
    quint16 m_receiverPort = 0;
    QList<QByteArray> m_hooks;
    QNetworkAccessManager m_nam;
    Database m_db;
    DeploymentRecord m_previous;
    DeploymentRecord m_current;
};

void TestRollbackController::initTestCase()
{
    qRegisterMetaType<RollbackRecord>();
    qRegisterMetaType<RollbackPreview>();
    m_receiver.route(u"/hook"_s, QHttpServerRequest::Method::Post, [this](const QHttpServerRequest &request) {
        m_hooks.append(request.body());
        return QHttpServerResponse(QHttpServerResponse::StatusCode::Ok);
    });
    m_receiverPort = m_receiver.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_receiverPort != 0);
    qputenv("LIFTOFF_TEST_HOOK", u"http://127.0.0.1:%1/hook"_s.arg(m_receiverPort).toUtf8());
    qputenv("LIFTOFF_TEST_TOKEN", SECRET);
    if (PostgresServer::storeTestsOnPostgres()) {
        m_postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*m_postgres);
    }
}

void TestRollbackController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_hooks.clear();
    m_demo = std::make_unique<DemoService>(DemoServiceOptions {});
    QVERIFY(m_demo->start(0));
    StoreLocation location = StoreLocation::sqlite(m_dir->filePath(u"liftoff.sqlite"_s));
    if (m_postgres) {
        QString error;
        const std::optional<StoreLocation> parsed = StoreLocation::parse(m_postgres->createFreshDatabase(), &error);
        QVERIFY2(parsed, qPrintable(error + m_postgres->errorString()));
        location = *parsed;
    }
    const StoreError opened = m_db.open(location);
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
    ChecklistRepository repo(m_db);
    qint64 projectId = 0;
    QVERIFY(!repo.ensureProject(u"rb-test"_s, m_dir->filePath(u"liftoff.yaml"_s), &projectId).isError());
    m_previous = {0, projectId, u"prod-1"_s, u"production"_s, u"v1.3.2"_s, u"aaa"_s,
                  QDateTime::currentDateTimeUtc().addDays(-7), {}, {}};
    QVERIFY(!repo.createDeployment(&m_previous, u"tester"_s).isError());
    QVERIFY(!repo.releaseDeployment(m_previous.id, QDateTime::currentDateTimeUtc().addDays(-7), u"tester"_s).isError());
    m_current = {0, projectId, u"prod-2"_s, u"production"_s, u"v1.4.0"_s, u"bbb"_s,
                 QDateTime::currentDateTimeUtc(), {}, {}};
    QVERIFY(!repo.createDeployment(&m_current, u"tester"_s).isError());
}

void TestRollbackController::cleanup()
{
    m_db.close();
    m_demo.reset();
    m_dir.reset();
}

ProjectConfig TestRollbackController::project(const QString &script, const QString &timeout, const QString &extra,
                                              int approvers)
{
    const QString yaml = uR"(version: 1
project: rb-test
environments:
  production:
    url: %1
notify:
  room: {webhook: env:LIFTOFF_TEST_HOOK}
rollback:
  command: [/bin/sh, -c, %2]
  dry_run: [/bin/sh, -c, "echo dry run for {url}"]
  env: {DEPLOY_TOKEN: env:LIFTOFF_TEST_TOKEN}
  timeout: %3
  verify: [infra.health]
  notify: [room]
  approvers: %5
checks:
  infra.health:
    http: {url: "{url}/health", timeout: 5s}
    conditions: ["[STATUS] == 200"]
%4)"_s.arg(m_demo->baseUrl().toString(), yamlString(script), timeout, extra, QString::number(approvers));
    QFile file(m_dir->filePath(u"liftoff.yaml"_s));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(yaml.toUtf8());
    file.close();
    const ConfigLoadResult loaded = ConfigLoader::loadFile(file.fileName());
    if (!loaded.ok())
        qWarning("%s", qPrintable(loaded.errorText()));
    return loaded.ok() ? *loaded.project : ProjectConfig {};
}

void TestRollbackController::approve(RollbackController &controller, const QString &who)
{
    QSignalSpy approved(&controller, &RollbackController::approvalRecorded);
    controller.approve(m_current, who);
    QVERIFY(approved.wait(10000));
}

RollbackRecord TestRollbackController::runToEnd(RollbackController &controller, const RollbackRequest &request)
{
    QSignalSpy finished(&controller, &RollbackController::finished);
    QSignalSpy refused(&controller, &RollbackController::refused);
    controller.start(m_current, request);
    if (!finished.wait(30000))
        return {};
    return finished.first().first().value<RollbackRecord>();
}

QString TestRollbackController::scalar(const QString &sql)
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(sql) || !q.next())
        return u"<no row>"_s;
    return q.value(0).toString();
}

void TestRollbackController::succeedsVerifiesNotifiesAndAudits()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"echo rolling back; echo done"_s));
    approve(controller);
    QSignalSpy lines(&controller, &RollbackController::lineRead);
    const RollbackRecord r = runToEnd(controller, {false, u"error rate 12%"_s, u"alice"_s});
    QCOMPARE(r.outcome, u"succeeded"_s);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.fromVersion, u"v1.4.0"_s);
    QCOMPARE(r.toVersion, u"v1.3.2"_s);
    QVERIFY(r.output.contains(u"rolling back"_s));
    QVERIFY(lines.size() >= 2);
    QCOMPARE(r.verification.size(), 1);
    QCOMPARE(r.verification.first()[u"item"].toString(), u"infra.health"_s);
    QCOMPARE(r.verification.first()[u"status"].toString(), u"pass"_s);
    QCOMPARE(r.notifications.size(), 1);
    QVERIFY(r.notifications.first()[u"delivered"].toBool());
    QCOMPARE(m_hooks.size(), 1);
    const QByteArray hook = m_hooks.first();
    for (const char *part : {"alice", "error rate 12%", "v1.4.0", "v1.3.2", "infra.health pass"})
        QVERIFY2(hook.contains(part), part);
    // Stored: the record, the deployment marked rolled back, the verify run on the previous one, the audit.
    QCOMPARE(scalar(u"SELECT outcome FROM rollbacks WHERE id = %1"_s.arg(r.id)), u"succeeded"_s);
    QVERIFY(scalar(u"SELECT verification FROM rollbacks WHERE id = %1"_s.arg(r.id)).contains(u"infra.health"_s));
    QVERIFY(!scalar(u"SELECT rolled_back FROM deployments WHERE id = %1"_s.arg(m_current.id)).isEmpty());
    QCOMPARE(scalar(u"SELECT CASE WHEN rolled_back IS NULL THEN 1 ELSE 0 END FROM deployments WHERE id = %1"_s.arg(m_previous.id)), u"1"_s);
    QCOMPARE(scalar(u"SELECT status FROM item_states WHERE deployment_id = %1 AND item_id = 'infra.health'"_s
                        .arg(m_previous.id)),
             u"pass"_s);
    QCOMPARE(scalar(u"SELECT count(*) FROM audit WHERE kind = 'rollback' AND who = 'alice'"_s), u"3"_s);
    QCOMPARE(scalar(u"SELECT count(*) FROM audit WHERE kind = 'approval'"_s), u"2"_s);
    QCOMPARE(scalar(u"SELECT count(*) FROM rollback_lock"_s), u"0"_s);
    DeploymentRecord d;
    ChecklistRepository repo(m_db);
    QVERIFY(!repo.deployment(m_current.id, &d).isError());
    QVERIFY(d.isRolledBack());
}

void TestRollbackController::failureIsRecordedAndNothingIsMarked()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"echo cannot reach the platform >&2; exit 3"_s));
    approve(controller);
    const RollbackRecord r = runToEnd(controller, {false, u"bad deploy"_s, u"bob"_s});
    QCOMPARE(r.outcome, u"failed"_s);
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.verification.isEmpty());
    QCOMPARE(m_hooks.size(), 1); // a failed rollback is announced too
    QCOMPARE(scalar(u"SELECT exit_code FROM rollbacks WHERE id = %1"_s.arg(r.id)), u"3"_s);
    QCOMPARE(scalar(u"SELECT CASE WHEN rolled_back IS NULL THEN 1 ELSE 0 END FROM deployments WHERE id = %1"_s.arg(m_current.id)), u"1"_s);
    QCOMPARE(scalar(u"SELECT count(*) FROM rollback_lock"_s), u"0"_s);
}

void TestRollbackController::timeoutStopsTheWholeTree()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"sleep 300 & echo $!; sleep 300; wait"_s, u"1s"_s));
    approve(controller);
    const RollbackRecord r = runToEnd(controller, {false, u"hang"_s, u"carol"_s});
    QCOMPARE(r.outcome, u"timed-out"_s);
    QCOMPARE(r.output.size(), 1);
    const qint64 child = r.output.first().toLongLong();
    QVERIFY(child > 0);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 10000);
    QCOMPARE(scalar(u"SELECT outcome FROM rollbacks WHERE id = %1"_s.arg(r.id)), u"timed-out"_s);
}

void TestRollbackController::cancelStopsTheWholeTree()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"(trap '' TERM; sleep 300) & echo $!; wait"_s));
    approve(controller);
    QSignalSpy lines(&controller, &RollbackController::lineRead);
    QSignalSpy finished(&controller, &RollbackController::finished);
    controller.start(m_current, {false, u"stop it"_s, u"dave"_s});
    QVERIFY(lines.wait(10000));
    const qint64 child = lines.first().first().toString().toLongLong();
    controller.cancel();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().first().value<RollbackRecord>().outcome, u"cancelled"_s);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 10000);
}

void TestRollbackController::largeOutputIsStored()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"seq 1 50000"_s));
    approve(controller);
    const RollbackRecord r = runToEnd(controller, {false, u"lots of output"_s, u"erin"_s});
    QCOMPARE(r.outcome, u"succeeded"_s);
    QCOMPARE(r.output.size(), 50000);
    QCOMPARE(r.output.last(), u"50000"_s);
    RollbackRepository repo(m_db);
    RollbackRecord stored;
    QVERIFY(!repo.rollback(r.id, &stored).isError());
    QCOMPARE(stored.output.size(), 50000);
}

void TestRollbackController::secretIsRedactedInTheStore()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"echo token=$DEPLOY_TOKEN; echo $DEPLOY_TOKEN >&2"_s));
    approve(controller);
    const RollbackRecord r = runToEnd(controller, {false, u"secret"_s, u"frank"_s});
    QCOMPARE(r.outcome, u"succeeded"_s);
    QCOMPARE(r.output.first(), u"token=••••1706"_s);
    const QString stored = scalar(u"SELECT output FROM rollbacks WHERE id = %1"_s.arg(r.id));
    QVERIFY(!stored.contains(QString::fromLatin1(SECRET)));
    QVERIFY(stored.contains(u"••••1706"_s));
    QCOMPARE(scalar(u"SELECT count(*) FROM audit WHERE note LIKE '%%1%'"_s.arg(QString::fromLatin1(SECRET))), u"0"_s);
    for (const QByteArray &hook : std::as_const(m_hooks))
        QVERIFY(!hook.contains(SECRET));
}

void TestRollbackController::printedProviderKeysNeverReachTheStore()
{
    // Keys the command prints on its own, not configured secrets: only the key rules can catch
    // them. They reach the child through the inherited environment; one is split across two
    // writes with a pause between them.
    using namespace FakeKeys;
    const QByteArray ant = join({"sk-", "ant-", "api03-", random(URL_SAFE, 93, 301), "AA"});
    const QByteArray admin = join({"sk-", "ant-", "admin01-", random(URL_SAFE, 93, 302), "AA"});
    const QByteArray split = join({"sk-", "ant-", "api03-", random(URL_SAFE, 93, 303), "AA"});
    qputenv("LIFTOFF_TEST_PRINTED_ANT", ant);
    qputenv("LIFTOFF_TEST_PRINTED_ADMIN", admin);
    qputenv("LIFTOFF_TEST_PRINTED_HEAD", split.left(30));
    qputenv("LIFTOFF_TEST_PRINTED_TAIL", split.mid(30));
    RollbackStore store(m_db.path());
    RollbackController controller(
        &store, &m_nam,
        project(u"echo \"ANTHROPIC_API_KEY=$LIFTOFF_TEST_PRINTED_ANT\"; echo \"admin: $LIFTOFF_TEST_PRINTED_ADMIN\" >&2; "
                u"printf '%s' \"$LIFTOFF_TEST_PRINTED_HEAD\"; sleep 0.2; printf '%s\\n' \"$LIFTOFF_TEST_PRINTED_TAIL\" >&2"_s));
    approve(controller);
    const RollbackRecord r = runToEnd(controller, {false, u"keys in output"_s, u"grace"_s});
    for (const char *name : {"LIFTOFF_TEST_PRINTED_ANT", "LIFTOFF_TEST_PRINTED_ADMIN", "LIFTOFF_TEST_PRINTED_HEAD",
                             "LIFTOFF_TEST_PRINTED_TAIL"})
        qunsetenv(name);
    QCOMPARE(r.outcome, u"succeeded"_s);
    auto masked = [](const QByteArray &key) -> QString { return u"••••"_s + QString::fromLatin1(key.right(4)); };
    QCOMPARE(r.output, (QStringList {u"ANTHROPIC_API_KEY="_s + masked(ant), u"admin: "_s + masked(admin), masked(split)}));
    // Read back from the SQLite file itself.
    const QString stored = scalar(u"SELECT output FROM rollbacks WHERE id = %1"_s.arg(r.id));
    QCOMPARE(stored, r.output.join(u'\n'));
    QString everything = stored + scalar(u"SELECT coalesce(error, '') FROM rollbacks WHERE id = %1"_s.arg(r.id));
    QSqlQuery notes(m_db.connection());
    QVERIFY(notes.exec(u"SELECT note FROM audit"_s));
    while (notes.next())
        everything += u' ' + notes.value(0).toString();
    for (const QByteArray &key : {ant, admin, split}) {
        const QString body = QString::fromLatin1(key.mid(13, key.size() - 17)); // between prefix and last four
        for (qsizetype i = 0; i + 10 <= body.size(); ++i)
            QVERIFY2(!everything.contains(body.mid(i, 10)), qPrintable(everything));
        for (const QByteArray &hook : std::as_const(m_hooks))
            QVERIFY(!hook.contains(key.mid(13, 20)));
    }
}

void TestRollbackController::secondPressWhileRunningSaysSo()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"sleep 1; echo slow"_s));
    approve(controller);
    QSignalSpy finished(&controller, &RollbackController::finished);
    QSignalSpy refused(&controller, &RollbackController::refused);
    controller.start(m_current, {false, u"first"_s, u"gina"_s});
    controller.start(m_current, {false, u"second"_s, u"gina"_s});
    QCOMPARE(refused.size(), 1);
    QVERIFY(refused.first().first().toString().contains(u"already running"_s));
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(scalar(u"SELECT count(*) FROM rollbacks"_s), u"1"_s);

    // A second controller (another window) on the same project while the first runs: the store's lock refuses.
    RollbackController other(&store, &m_nam, project(u"sleep 1; echo slow"_s));
    QSignalSpy otherRefused(&other, &RollbackController::refused);
    QSignalSpy finished2(&controller, &RollbackController::finished);
    QSignalSpy started(&controller, &RollbackController::started);
    controller.start(m_current, {false, u"third"_s, u"gina"_s});
    QVERIFY(started.wait(10000)); // started follows the lock
    other.start(m_current, {false, u"fourth"_s, u"hank"_s});
    QVERIFY(otherRefused.wait(10000));
    QVERIFY(otherRefused.first().first().toString().contains(u"already running"_s));
    QVERIFY(finished2.wait(20000));
}

void TestRollbackController::lockHeldByAnotherLiveProcessRefuses()
{
    // Another process holds the lock (a real pid that runs), then goes away: the lock is taken over.
    QProcess holderProcess;
    holderProcess.start(u"/bin/sleep"_s, {u"300"_s});
    QVERIFY(holderProcess.waitForStarted());
    RollbackRepository repo(m_db);
    RollbackLockHolder holder {u"other-token"_s, holderProcess.processId(), QSysInfo::machineHostName(),
                               u"someone else"_s, QDateTime::currentDateTimeUtc(), {}, {}};
    QVERIFY(!repo.acquireLock(m_current.projectId, holder, 30000, m_current.id, nullptr).isError());

    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"echo ok"_s));
    approve(controller);
    QSignalSpy refused(&controller, &RollbackController::refused);
    controller.start(m_current, {false, u"while another runs"_s, u"ivan"_s});
    QVERIFY(refused.wait(10000));
    QVERIFY2(refused.first().first().toString().contains(u"someone else"_s),
             qPrintable(refused.first().first().toString()));
    QCOMPARE(scalar(u"SELECT count(*) FROM rollbacks"_s), u"0"_s);

    holderProcess.kill();
    QVERIFY(holderProcess.waitForFinished());
    const RollbackRecord r = runToEnd(controller, {false, u"after it died"_s, u"ivan"_s});
    QCOMPARE(r.outcome, u"succeeded"_s);
    QVERIFY2(scalar(u"SELECT note FROM audit WHERE note LIKE 'rollback lock of %'"_s).contains(u"is gone"_s),
             qPrintable(scalar(u"SELECT note FROM audit WHERE note LIKE 'rollback lock of %'"_s)));
}

void TestRollbackController::changedCommandNeedsANewApproval()
{
    RollbackStore store(m_db.path());
    {
        RollbackController controller(&store, &m_nam, project(u"echo v1"_s));
        approve(controller);
        QCOMPARE(runToEnd(controller, {true, {}, u"judy"_s}).outcome, u"succeeded"_s);
    }
    RollbackController changed(&store, &m_nam, project(u"echo v2"_s));
    QSignalSpy refused(&changed, &RollbackController::refused);
    changed.start(m_current, {false, u"changed"_s, u"judy"_s});
    QVERIFY(refused.wait(10000));
    QVERIFY(refused.first().first().toString().contains(u"not approved"_s));
    QCOMPARE(scalar(u"SELECT count(*) FROM rollbacks WHERE dry_run = 0"_s), u"0"_s);
    // A changed env name is a changed command too.
    const ProjectConfig a = project(u"echo v2"_s);
    ProjectConfig b = a;
    b.rollback->env.insert(u"OTHER"_s, *SecretRef::parse(u"env:OTHER"));
    QVERIFY(RollbackCommandLine::of(a, false)->hash() != RollbackCommandLine::of(b, false)->hash());
    approve(changed);
    QCOMPARE(runToEnd(changed, {false, u"approved now"_s, u"judy"_s}).outcome, u"succeeded"_s);
}

void TestRollbackController::dryRunSkipsVerificationAndNotification()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"echo real"_s));
    approve(controller);
    const RollbackRecord r = runToEnd(controller, {true, {}, u"kim"_s});
    QCOMPARE(r.outcome, u"succeeded"_s);
    QVERIFY(r.dryRun);
    QCOMPARE(r.output, QStringList {u"dry run for %1"_s.arg(m_demo->baseUrl().toString())});
    QVERIFY(r.verification.isEmpty());
    QVERIFY(m_hooks.isEmpty());
    QCOMPARE(scalar(u"SELECT CASE WHEN rolled_back IS NULL THEN 1 ELSE 0 END FROM deployments WHERE id = %1"_s.arg(m_current.id)), u"1"_s);
}

void TestRollbackController::previewShowsVersionsAndWhatStays()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"echo real"_s));
    QSignalSpy prepared(&controller, &RollbackController::prepared);
    controller.prepare(m_current, false);
    QVERIFY(prepared.wait(10000));
    const RollbackPreview p = prepared.first().first().value<RollbackPreview>();
    QVERIFY(p.canRun());
    QVERIFY(!p.approved);
    QCOMPARE(p.from.version, u"v1.4.0"_s);
    QCOMPARE(p.to.version, u"v1.3.2"_s);
    QVERIFY(p.command.startsWith(u"/bin/sh -c \"echo real\""_s));
    QVERIFY(p.command.contains(u"env: DEPLOY_TOKEN"_s));
    QVERIFY(!p.command.contains(QString::fromLatin1(SECRET)));
    QVERIFY(p.notRolledBack.join(u' ').contains(u"Environment variables"_s));
}

void TestRollbackController::rollbackProbeNeedsApprovalAndAPassingDryRun()
{
    const auto run = [this](const ProjectConfig &config, const QSet<QString> &approved) {
        ProbeContext context;
        context.project = std::make_shared<ProjectConfig>(config);
        context.baseUrl = m_demo->baseUrl().toString();
        context.approvedCommandHashes = approved;
        ProbeRequest request;
        request.itemId = u"rb.one-command"_s;
        request.spec.kind = u"rollback"_s;
        RollbackProbe probe(context, request);
        QSignalSpy finished(&probe, &Probe::finished);
        probe.start();
        return finished.wait(10000) ? finished.first().first().value<ProbeResult>() : ProbeResult {};
    };
    const ProjectConfig config = project(u"echo real"_s);
    const QString command = RollbackCommandLine::of(config, false)->hash();
    const QString dryRun = RollbackCommandLine::of(config, true)->hash();
    ProbeResult r = run(config, {});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY(r.summary.contains(u"not approved"_s));
    r = run(config, {command, dryRun});
    QCOMPARE(r.status, Status::Pass);
    QVERIFY(r.summary.startsWith(u"dry run exited 0"_s));
    ProjectConfig failing = config;
    failing.rollback->dryRun = {u"/bin/sh"_s, u"-c"_s, u"exit 2"_s};
    r = run(failing, {command, RollbackCommandLine::of(failing, true)->hash()});
    QCOMPARE(r.status, Status::Fail);
    QCOMPARE(r.summary, u"dry run exited 2"_s);
    ProjectConfig none;
    QCOMPARE(run(none, {}).status, Status::Fail);
}

void TestRollbackController::fourEyesNeedASecondDistinctApprover()
{
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"echo four eyes"_s, u"30s"_s, {}, 2));
    QSignalSpy changed(&controller, &RollbackController::approversChanged);
    approve(controller, u"alice"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.last().at(0).toStringList(), QStringList {u"alice"_s});
    QCOMPARE(changed.last().at(1).toInt(), 2);
    QVERIFY(changed.last().at(2).toBool());

    // The preview says whose approval is there and how many are missing.
    QSignalSpy prepared(&controller, &RollbackController::prepared);
    controller.prepare(m_current, false);
    QVERIFY(prepared.wait(10000));
    RollbackPreview p = prepared.last().first().value<RollbackPreview>();
    QVERIFY(p.approved);
    QCOMPARE(p.approvedBy, QStringList {u"alice"_s});
    QCOMPARE(p.approversNeeded, 2);
    QCOMPARE(p.missingApprovals(), 1);
    QVERIFY(!p.readyToRun());

    // One approver is not enough, also for the one who approved.
    QSignalSpy refused(&controller, &RollbackController::refused);
    controller.start(m_current, {false, u"errors"_s, u"alice"_s});
    QVERIFY(refused.wait(10000));
    const QString why = refused.last().first().toString();
    QVERIFY2(why.contains(u"needs approval by 1 more person (approved by alice)"_s), qPrintable(why));
    QCOMPARE(scalar(u"SELECT count(*) FROM rollbacks"_s), u"0"_s);
    QCOMPARE(scalar(u"SELECT count(*) FROM rollback_lock"_s), u"0"_s);

    // The same person again (any case) adds nobody.
    approve(controller, u"Alice"_s);
    QVERIFY(!changed.last().at(2).toBool());
    QCOMPARE(changed.last().at(0).toStringList(), QStringList {u"alice"_s});

    // A second person: now anyone may start it, also a third who approved nothing.
    approve(controller, u"bob"_s);
    QCOMPARE(changed.last().at(0).toStringList(), (QStringList {u"alice"_s, u"bob"_s}));
    QVERIFY(changed.last().at(2).toBool());
    const RollbackRecord r = runToEnd(controller, {false, u"errors"_s, u"carol"_s});
    QCOMPARE(r.outcome, u"succeeded"_s);
    QCOMPARE(r.who, u"carol"_s);
    QCOMPARE(r.account, Actor::osAccount());
    QCOMPARE(scalar(u"SELECT count(*) FROM command_approvers WHERE hash = '%1'"_s.arg(r.commandHash)), u"2"_s);
    QCOMPARE(scalar(u"SELECT account FROM command_approvers WHERE approved_by = 'bob' AND hash = '%1'"_s
                        .arg(r.commandHash)),
             Actor::osAccount());
    QCOMPARE(scalar(u"SELECT account FROM rollbacks WHERE id = %1"_s.arg(r.id)), Actor::osAccount());
    QCOMPARE(scalar(u"SELECT db_role FROM rollbacks WHERE id = %1"_s.arg(r.id)),
             m_postgres ? m_postgres->user() : QString());

    // A dry run needs one approver, as before.
    QCOMPARE(runToEnd(controller, {true, {}, u"dave"_s}).outcome, u"succeeded"_s);
}

void TestRollbackController::lockOfAnotherHostIsTakenOverAfterTimeoutAndMargin()
{
    // rollback.timeout is 1s here: a lock of another host is held for 1 s + the margin, then taken over.
    RollbackStore store(m_db.path());
    RollbackController controller(&store, &m_nam, project(u"echo after the takeover"_s, u"1s"_s));
    approve(controller);
    RollbackRepository repo(m_db);
    const QDateTime fresh = QDateTime::currentDateTimeUtc().addSecs(-30);
    const RollbackLockHolder other {u"other-host-token"_s, 4242, u"build-7.other.example"_s, u"alice"_s, fresh,
                                    u"alice@build-7.other.example"_s, {}};
    QVERIFY(!repo.acquireLock(m_current.projectId, other, 1000, m_current.id, nullptr).isError());
    QSignalSpy refused(&controller, &RollbackController::refused);
    controller.start(m_current, {false, u"while the other host holds it"_s, u"bob"_s});
    QVERIFY(refused.wait(10000));
    QVERIFY2(refused.last().first().toString().contains(u"alice (alice@build-7.other.example, process 4242"_s),
             qPrintable(refused.last().first().toString()));

    // The same lock, taken longer ago than the timeout plus the margin: nothing of it can still run.
    QVERIFY(!repo.releaseLock(m_current.projectId, other.token).isError());
    RollbackLockHolder old = other;
    old.acquiredAt = QDateTime::currentDateTimeUtc().addMSecs(-(1000 + RollbackRepository::LOCK_MARGIN_MS + 1000));
    QVERIFY(!repo.acquireLock(m_current.projectId, old, 1000, m_current.id, nullptr).isError());
    const RollbackRecord r = runToEnd(controller, {false, u"the other console died"_s, u"bob"_s});
    QCOMPARE(r.outcome, u"succeeded"_s);
    const QString note = scalar(u"SELECT note FROM audit WHERE note LIKE 'rollback lock of %'"_s);
    for (const QString &part : QStringList {u"rollback lock of alice (alice@build-7.other.example"_s,
                                u"process 4242 on build-7.other.example"_s, u"taken over by bob"_s,
                                u"rollback timeout (1s)"_s})
        QVERIFY2(note.contains(part), qPrintable(part + u" not in: "_s + note));
    QCOMPARE(scalar(u"SELECT count(*) FROM rollback_lock"_s), u"0"_s);
}

QTEST_GUILESS_MAIN(TestRollbackController)
#include "TestRollbackController.moc"
