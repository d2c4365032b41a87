// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/NotificationSender.h"
#include "config/ProjectConfig.h"
#include "probes/AlertsProbe.h"
#include "probes/ProbeEngine.h"
#include "probes/StandardProbeFactory.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QByteArray SLACK_TOKEN = "T0SLACK-B0HOOK-slacksecrettoken42";
const QByteArray DISCORD_TOKEN = "123456-discordsecrettoken77";
const QByteArray HOOK_HEADER_TOKEN = "hdr-secret-value-9f8e";
} // namespace

/**
 * The alerts probe and NotificationSender against local receivers shaped like Slack (200 "ok"),
 * Discord (204) and a generic webhook that checks its header, plus a failing and an unset channel.
 */
class TestAlertsProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void payloadShapes();
    void discordContentIsBounded();
    void planRules_data();
    void planRules();
    void deliversToEveryChannelWithoutLeakingSecrets();
    void failingChannelIsNamedWithItsStatus();
    void unresolvableSecretIsAnErrorAndNothingIsSent();
    void unreachableChannelIsAFailWithoutTheUrl();
    void budgetAlertsNeedThresholdsAndUseBudgetChannels();
    void senderReportsEachChannel();

private:
    struct Received
    {
        QString path;
        QByteArray body;
        QByteArray token;
        QByteArray contentType;
    };

    NotifyChannelConfig channel(const QString &name, NotifyChannelConfig::Kind kind, const QString &env) const;
    std::shared_ptr<ProjectConfig> project(const QList<NotifyChannelConfig> &channels) const;
    ProbeResult run(std::shared_ptr<const ProjectConfig> project, const QString &itemId = u"mon.error-alerting"_s,
                    const QVariantMap &params = {});
    QString url(const QByteArray &path) const { return u"http://127.0.0.1:%1"_s.arg(m_port) + QString::fromLatin1(path); }

    QHttpServer m_receiver;
    quint16 m_port = 0;
    QList<Received> m_received;
    QNetworkAccessManager m_nam;
};

void TestAlertsProbe::initTestCase()
{
    const auto record = [this](const QString &path, const QHttpServerRequest &request) {
        m_received.append({path, request.body(), request.value("X-Token"), request.value("Content-Type")});
    };
    using Method = QHttpServerRequest::Method;
    m_receiver.route(u"/services/<arg>"_s, Method::Post, [record](const QString &rest, const QHttpServerRequest &request) {
        record(u"/services/"_s + rest, request);
        return QHttpServerResponse("text/plain", "ok");
    });
    m_receiver.route(u"/api/webhooks/<arg>"_s, Method::Post, [record](const QString &rest, const QHttpServerRequest &request) {
        record(u"/api/webhooks/"_s + rest, request);
        return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
    });
    m_receiver.route(u"/hook"_s, Method::Post, [record](const QHttpServerRequest &request) {
        record(u"/hook"_s, request);
        return request.value("X-Token") == HOOK_HEADER_TOKEN
            ? QHttpServerResponse(QHttpServerResponse::StatusCode::Ok)
            : QHttpServerResponse(QHttpServerResponse::StatusCode::Unauthorized);
    });
    m_receiver.route(u"/broken"_s, Method::Post, [record](const QHttpServerRequest &request) {
        record(u"/broken"_s, request);
        return QHttpServerResponse("text/plain", "internal error, token " + SLACK_TOKEN,
                                   QHttpServerResponse::StatusCode::InternalServerError);
    });
    m_port = m_receiver.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
    // Slack and Discord keep their token in the webhook URL; the URL itself is the secret.
    qputenv("LIFTOFF_TEST_SLACK_URL", url("/services/" + SLACK_TOKEN).toUtf8());
    qputenv("LIFTOFF_TEST_DISCORD_URL", url("/api/webhooks/" + DISCORD_TOKEN).toUtf8());
    qputenv("LIFTOFF_TEST_HOOK_URL", url("/hook").toUtf8());
    qputenv("LIFTOFF_TEST_HOOK_TOKEN", HOOK_HEADER_TOKEN);
    qputenv("LIFTOFF_TEST_BROKEN_URL", url("/broken?key=" + SLACK_TOKEN).toUtf8());
    qunsetenv("LIFTOFF_TEST_UNSET_URL");
}

void TestAlertsProbe::init()
{
    m_received.clear();
}

NotifyChannelConfig TestAlertsProbe::channel(const QString &name, NotifyChannelConfig::Kind kind,
                                             const QString &env) const
{
    NotifyChannelConfig c;
    c.name = name;
    c.kind = kind;
    c.url = SecretRef {SecretRef::Store::Env, env};
    if (kind == NotifyChannelConfig::Kind::Webhook) {
        c.headers.insert(u"X-Token"_s, SecretOrText {{}, SecretRef {SecretRef::Store::Env, u"LIFTOFF_TEST_HOOK_TOKEN"_s}});
        c.headers.insert(u"X-Source"_s, SecretOrText {u"liftoff"_s, std::nullopt});
    }
    return c;
}

std::shared_ptr<ProjectConfig> TestAlertsProbe::project(const QList<NotifyChannelConfig> &channels) const
{
    auto p = std::make_shared<ProjectConfig>();
    p->name = u"support-bot"_s;
    p->notifyChannels = channels;
    return p;
}

ProbeResult TestAlertsProbe::run(std::shared_ptr<const ProjectConfig> project, const QString &itemId,
                                 const QVariantMap &params)
{
    ProbeRequest r;
    r.itemId = itemId;
    r.spec.kind = u"alerts"_s;
    r.spec.params = params;
    r.deadlineMs = 20000;
    ProbeContext context;
    context.environment = u"production"_s;
    context.version = u"v1.4.0"_s;
    context.project = std::move(project);
    StandardProbeFactory factory(&m_nam, context);
    ProbeEngine engine(&factory);
    QSignalSpy spy(&engine, &ProbeEngine::resultReady);
    engine.enqueue({r});
    if (spy.isEmpty() && !spy.wait(20000))
        return ProbeResult::error(r.itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

void TestAlertsProbe::payloadShapes()
{
    Notification n;
    n.project = u"support-bot"_s;
    n.title = AlertsProbe::testTitle(n.project);
    n.fields = {{u"Environment"_s, u"production"_s}, {u"Note"_s, u"<b>&</b>"_s}};
    const QDateTime at(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);
    QCOMPARE(n.title, u"Liftoff test alert for support-bot — no action needed"_s);

    const QJsonObject slack = QJsonDocument::fromJson(NotificationSender::payload(NotifyChannelConfig::Kind::Slack, n, at)).object();
    QCOMPARE(slack.keys(), QStringList {u"text"_s});
    QVERIFY(slack.value(u"text"_s).toString().startsWith(u"*Liftoff test alert for support-bot — no action needed*"_s));
    QVERIFY(slack.value(u"text"_s).toString().contains(u"*Note:* &lt;b&gt;&amp;&lt;/b&gt;"_s));

    const QJsonObject discord = QJsonDocument::fromJson(NotificationSender::payload(NotifyChannelConfig::Kind::Discord, n, at)).object();
    QCOMPARE(discord.value(u"username"_s).toString(), u"Liftoff"_s);
    QVERIFY(discord.value(u"content"_s).toString().contains(u"**Environment:** production"_s));
    QCOMPARE(discord.value(u"allowed_mentions"_s).toObject().value(u"parse"_s).toArray().size(), 0);

    const QJsonObject hook = QJsonDocument::fromJson(NotificationSender::payload(NotifyChannelConfig::Kind::Webhook, n, at)).object();
    QCOMPARE(hook.value(u"event"_s).toString(), u"liftoff.test"_s);
    QCOMPARE(hook.value(u"project"_s).toString(), u"support-bot"_s);
    QCOMPARE(hook.value(u"sentAt"_s).toString(), u"2026-11-26T12:00:00.000Z"_s);
    QVERIFY(hook.value(u"message"_s).toString().startsWith(n.title));
    QCOMPARE(hook.value(u"fields"_s).toObject().value(u"Environment"_s).toString(), u"production"_s);
}

void TestAlertsProbe::discordContentIsBounded()
{
    Notification n;
    n.title = u"t"_s;
    n.fields = {{u"long"_s, QString(5000, u'x')}};
    const QJsonObject discord = QJsonDocument::fromJson(
        NotificationSender::payload(NotifyChannelConfig::Kind::Discord, n, QDateTime::currentDateTimeUtc())).object();
    QCOMPARE(discord.value(u"content"_s).toString().size(), NotificationSender::DISCORD_MAX_CONTENT);
}

void TestAlertsProbe::planRules_data()
{
    QTest::addColumn<QString>("itemId");
    QTest::addColumn<int>("budgetCase"); // 0 none, 1 complete, 2 no monthly_usd, 3 lacks 75
    QTest::addColumn<int>("channelCount");
    QTest::addColumn<QVariantMap>("params");
    QTest::addColumn<int>("expectedStatus"); // -1: channels to send to
    QTest::addColumn<QString>("reasonContains");

    const QVariantMap none;
    QTest::newRow("error alerting, all channels") << u"mon.error-alerting"_s << 0 << 2 << none << -1 << QString();
    QTest::newRow("no channel") << u"mon.error-alerting"_s << 0 << 0 << none << int(Status::Fail)
                                << u"no alert channel is configured"_s;
    QTest::newRow("unknown channel") << u"mon.error-alerting"_s << 0 << 2
                                     << QVariantMap {{u"channels"_s, QStringList {u"nope"_s}}} << int(Status::Error)
                                     << u"channel nope is not configured"_s;
    QTest::newRow("send_test false") << u"mon.error-alerting"_s << 0 << 2
                                     << QVariantMap {{u"send_test"_s, false}} << int(Status::NotReported)
                                     << u"test alert not sent"_s;
    QTest::newRow("budget missing") << u"cost.budget-alerts"_s << 0 << 2 << none << int(Status::Fail)
                                    << u"no `budget` section"_s;
    QTest::newRow("budget without amount") << u"cost.budget-alerts"_s << 2 << 2 << none << int(Status::Fail)
                                           << u"no `budget.monthly_usd`"_s;
    QTest::newRow("budget lacks 75") << u"cost.budget-alerts"_s << 3 << 2 << none << int(Status::Fail)
                                     << u"`budget.alerts` lacks 75"_s;
    QTest::newRow("budget complete") << u"cost.budget-alerts"_s << 1 << 2 << none << -1 << QString();
}

void TestAlertsProbe::planRules()
{
    QFETCH(QString, itemId);
    QFETCH(int, budgetCase);
    QFETCH(int, channelCount);
    QFETCH(QVariantMap, params);
    QFETCH(int, expectedStatus);
    QFETCH(QString, reasonContains);

    QList<NotifyChannelConfig> channels {channel(u"room"_s, NotifyChannelConfig::Kind::Slack, u"A"_s),
                                         channel(u"ops"_s, NotifyChannelConfig::Kind::Discord, u"B"_s)};
    const auto p = project(channels.mid(0, channelCount));
    if (budgetCase > 0) {
        p->budget = BudgetConfig {};
        p->budget->monthlyUsd = budgetCase == 2 ? std::nullopt : std::optional<double>(500);
        if (budgetCase == 3)
            p->budget->alertPercents = {50, 90};
        p->budget->notify = {u"ops"_s};
    }
    ProbeRequest request;
    request.itemId = itemId;
    request.spec.kind = u"alerts"_s;
    request.spec.params = params;
    const AlertsProbe::Plan plan = AlertsProbe::plan(p.get(), request);
    if (expectedStatus < 0) {
        QVERIFY2(!plan.stopStatus, qPrintable(plan.stopReason));
        QCOMPARE(plan.channels.size(), itemId == u"cost.budget-alerts" ? 1 : channelCount);
        return;
    }
    QVERIFY(plan.stopStatus);
    QCOMPARE(int(*plan.stopStatus), expectedStatus);
    QVERIFY2(plan.stopReason.contains(reasonContains), qPrintable(plan.stopReason));
}

void TestAlertsProbe::deliversToEveryChannelWithoutLeakingSecrets()
{
    const ProbeResult r = run(project({channel(u"release-room"_s, NotifyChannelConfig::Kind::Slack, u"LIFTOFF_TEST_SLACK_URL"_s),
                                       channel(u"ops"_s, NotifyChannelConfig::Kind::Discord, u"LIFTOFF_TEST_DISCORD_URL"_s),
                                       channel(u"pager"_s, NotifyChannelConfig::Kind::Webhook, u"LIFTOFF_TEST_HOOK_URL"_s)}));
    QVERIFY2(r.status == Status::Pass, qPrintable(r.summary));
    QVERIFY2(r.summary.contains(u"release-room (slack) 200"_s), qPrintable(r.summary));
    QVERIFY2(r.summary.contains(u"ops (discord) 204"_s), qPrintable(r.summary));
    QVERIFY2(r.summary.contains(u"pager (webhook) 200"_s), qPrintable(r.summary));
    QCOMPARE(m_received.size(), 3);
    for (const Received &received : std::as_const(m_received)) {
        QCOMPARE(received.contentType, QByteArray("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(received.body).object();
        if (received.path.startsWith(u"/services/"_s)) {
            QVERIFY(body.value(u"text"_s).toString().contains(u"Liftoff test alert for support-bot — no action needed"_s));
        } else if (received.path.startsWith(u"/api/webhooks/"_s)) {
            QCOMPARE(body.value(u"username"_s).toString(), u"Liftoff"_s);
            QVERIFY(body.value(u"content"_s).toString().contains(u"no action needed"_s));
        } else {
            QCOMPARE(received.token, HOOK_HEADER_TOKEN);
            QCOMPARE(body.value(u"event"_s).toString(), u"liftoff.test"_s);
            QCOMPARE(body.value(u"project"_s).toString(), u"support-bot"_s);
            QVERIFY(body.value(u"fields"_s).toObject().value(u"Environment"_s).toString() == u"production");
        }
    }
    const QByteArray stored = QJsonDocument(r.evidence).toJson() + r.summary.toUtf8();
    QVERIFY(!stored.contains("slacksecrettoken42"));
    QVERIFY(!stored.contains("discordsecrettoken77"));
    QVERIFY(!stored.contains(HOOK_HEADER_TOKEN));
    QCOMPARE(r.evidence.value(u"delivered"_s).toInt(), 3);
    QCOMPARE(r.evidence.value(u"channels"_s).toArray().first().toObject().value(u"name"_s).toString(), u"release-room"_s);
}

void TestAlertsProbe::failingChannelIsNamedWithItsStatus()
{
    const ProbeResult r = run(project({channel(u"release-room"_s, NotifyChannelConfig::Kind::Slack, u"LIFTOFF_TEST_SLACK_URL"_s),
                                       channel(u"broken"_s, NotifyChannelConfig::Kind::Slack, u"LIFTOFF_TEST_BROKEN_URL"_s)}));
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"broken (slack): answered 500"_s), qPrintable(r.summary));
    QVERIFY2(r.summary.contains(u"delivered to 1 of 2"_s), qPrintable(r.summary));
    const QByteArray stored = QJsonDocument(r.evidence).toJson() + r.summary.toUtf8();
    QVERIFY2(!stored.contains("slacksecrettoken42"), stored.constData()); // echoed by the server, redacted
    QVERIFY(stored.contains("internal error"));
}

void TestAlertsProbe::unresolvableSecretIsAnErrorAndNothingIsSent()
{
    const ProbeResult r = run(project({channel(u"release-room"_s, NotifyChannelConfig::Kind::Slack, u"LIFTOFF_TEST_SLACK_URL"_s),
                                       channel(u"pager"_s, NotifyChannelConfig::Kind::Webhook, u"LIFTOFF_TEST_UNSET_URL"_s)}));
    QCOMPARE(r.status, Status::Error);
    QVERIFY2(r.summary.contains(u"env:LIFTOFF_TEST_UNSET_URL"_s), qPrintable(r.summary));
    QVERIFY(r.summary.contains(u"pager"_s));
    QVERIFY(m_received.isEmpty());
}

void TestAlertsProbe::unreachableChannelIsAFailWithoutTheUrl()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QByteArray deadUrl = "http://127.0.0.1:" + QByteArray::number(closed.serverPort()) + "/services/deadtokensecret55";
    closed.close();
    qputenv("LIFTOFF_TEST_DEAD_URL", deadUrl);
    const ProbeResult r = run(project({channel(u"dead"_s, NotifyChannelConfig::Kind::Discord, u"LIFTOFF_TEST_DEAD_URL"_s)}));
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"dead (discord)"_s), qPrintable(r.summary));
    const QByteArray stored = QJsonDocument(r.evidence).toJson() + r.summary.toUtf8();
    QVERIFY2(!stored.contains("deadtokensecret55"), stored.constData());
}

void TestAlertsProbe::budgetAlertsNeedThresholdsAndUseBudgetChannels()
{
    const auto p = project({channel(u"release-room"_s, NotifyChannelConfig::Kind::Slack, u"LIFTOFF_TEST_SLACK_URL"_s),
                            channel(u"broken"_s, NotifyChannelConfig::Kind::Slack, u"LIFTOFF_TEST_BROKEN_URL"_s)});
    ProbeResult r = run(p, u"cost.budget-alerts"_s);
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"budget alerts are not fully configured"_s), qPrintable(r.summary));
    QVERIFY(m_received.isEmpty());

    p->budget = BudgetConfig {};
    p->budget->monthlyUsd = 500;
    p->budget->notify = {u"release-room"_s};
    r = run(p, u"cost.budget-alerts"_s);
    QVERIFY2(r.status == Status::Pass, qPrintable(r.summary));
    QCOMPARE(m_received.size(), 1); // only the budget's channel, not the broken one
}

void TestAlertsProbe::senderReportsEachChannel()
{
    NotificationSender sender(&m_nam);
    QSignalSpy spy(&sender, &NotificationSender::finished);
    Notification n;
    n.project = u"support-bot"_s;
    n.event = u"liftoff.budget"_s;
    n.title = u"Spend passed 75 % of the monthly budget"_s;
    const quint64 a = sender.send(channel(u"pager"_s, NotifyChannelConfig::Kind::Webhook, u"LIFTOFF_TEST_HOOK_URL"_s), n);
    const quint64 b = sender.send(channel(u"gone"_s, NotifyChannelConfig::Kind::Slack, u"LIFTOFF_TEST_UNSET_URL"_s), n);
    QTRY_COMPARE(spy.size(), 2);
    QHash<quint64, NotificationResult> byTicket;
    for (const QList<QVariant> &args : std::as_const(spy))
        byTicket.insert(args.at(0).toULongLong(), args.at(1).value<NotificationResult>());
    QVERIFY(byTicket.value(a).delivered());
    QCOMPARE(byTicket.value(a).httpStatus, 200);
    QCOMPARE(byTicket.value(b).outcome, NotificationResult::Outcome::SecretMissing);
    QVERIFY(byTicket.value(b).error.contains(u"env:LIFTOFF_TEST_UNSET_URL"_s));
    QCOMPARE(QJsonDocument::fromJson(m_received.last().body).object().value(u"event"_s).toString(), u"liftoff.budget"_s);
}

QTEST_GUILESS_MAIN(TestAlertsProbe)
#include "TestAlertsProbe.moc"
