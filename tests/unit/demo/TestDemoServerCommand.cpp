// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

/** `demo-server` as a process: prints its URL, serves, persists state, stops cleanly on SIGTERM/SIGINT. */
class TestDemoServerCommand : public QObject
{
    Q_OBJECT

private slots:
    void servesUntilSignal_data();
    void servesUntilSignal();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void rateLimitSetsTheChatBucket();
};

void TestDemoServerCommand::servesUntilSignal_data()
{
    QTest::addColumn<bool>("interrupt");
    QTest::newRow("SIGTERM") << false;
    QTest::newRow("SIGINT") << true;
}

void TestDemoServerCommand::servesUntilSignal()
{
    QFETCH(bool, interrupt);
    QTemporaryDir stateDir;
    QVERIFY(stateDir.isValid());
    QProcess process;
    process.start(QStringLiteral(DEMO_SERVER_TOOL), {u"--port"_s, u"0"_s, u"--state"_s, stateDir.path()});
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine() || process.state() == QProcess::NotRunning, 10000);
    const QUrl base(QString::fromUtf8(process.readLine().trimmed()));
    QCOMPARE(base.host(), u"127.0.0.1"_s);
    QVERIFY(base.port() > 0);

    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.post(QNetworkRequest(QUrl(base.toString() + u"/admin/rollback"_s)), QByteArray());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();
    QVERIFY(QFile::exists(stateDir.filePath(u"demo-state.json"_s)));

    if (interrupt)
        ::kill(pid_t(process.processId()), SIGINT);
    else
        process.terminate(); // SIGTERM
    QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 10000);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);

    QFile state(stateDir.filePath(u"demo-state.json"_s));
    QVERIFY(state.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(state.readAll()).object().value(u"versions"_s).toArray().last().toString(),
             u"v1.3.2"_s);
}

void TestDemoServerCommand::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("bad port") << QStringList {u"--port"_s, u"http"_s};
    QTest::newRow("port too big") << QStringList {u"--port=70000"_s};
    QTest::newRow("unknown") << QStringList {u"--bogus"_s};
    QTest::newRow("state without dir") << QStringList {u"--state"_s};
    QTest::newRow("rate limit zero") << QStringList {u"--rate-limit=0"_s};
}

void TestDemoServerCommand::usageErrorsExitTwo()
{
    QFETCH(QStringList, args);
    QProcess process;
    process.start(QStringLiteral(DEMO_SERVER_TOOL), args);
    QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 10000);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("demo-server"));
}

void TestDemoServerCommand::rateLimitSetsTheChatBucket()
{
    QProcess process;
    process.start(QStringLiteral(DEMO_SERVER_TOOL), {u"--port"_s, u"0"_s, u"--rate-limit"_s, u"2"_s});
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine() || process.state() == QProcess::NotRunning, 10000);
    const QString base = QString::fromUtf8(process.readLine().trimmed());
    QNetworkAccessManager nam;
    QList<int> statuses;
    for (int i = 0; i < 3; ++i) {
        QNetworkRequest request(QUrl(base + u"/v1/chat"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = nam.post(request, QByteArrayLiteral(R"({"message":"hi"})"));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        statuses.append(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
        reply->deleteLater();
    }
    QCOMPARE(statuses, (QList<int> {200, 200, 429})); // two per 10 s, then the bucket is empty
    process.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 10000);
}

QTEST_GUILESS_MAIN(TestDemoServerCommand)
#include "TestDemoServerCommand.moc"
