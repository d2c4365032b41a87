// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/LangfusePromptParser.h"
#include "prompts/LangfusePromptSource.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
/**
 * A Langfuse-shaped server on 127.0.0.1: the prompt list and per-version prompts of one chat prompt
 * (support/answer, versions 1..3) behind basic auth pk:sk; /huge answers a body over the bound.
 */
class LangfuseFixture final : public QTcpServer
{
public:
    QList<QByteArray> paths;
    QByteArray expectedAuth = "Basic " + QByteArray("pk-lf-test:sk-lf-test").toBase64();
    bool huge = false;
    int maxConcurrent = 0;

    LangfuseFixture()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++m_open;
                maxConcurrent = std::max(maxConcurrent, m_open);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { handle(socket); });
                connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                    --m_open;
                    socket->deleteLater();
                });
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return u"http://127.0.0.1:%1"_s.arg(serverPort()); }

private:
    int m_open = 0;
    QHash<QTcpSocket *, QByteArray> m_buffers;

    static QByteArray version(int v)
    {
        QJsonObject o;
        o.insert(u"name"_s, u"support/answer"_s);
        o.insert(u"version"_s, v);
        o.insert(u"type"_s, u"chat"_s);
        o.insert(u"createdAt"_s, u"2026-01-0%1T09:00:00.000Z"_s.arg(v));
        o.insert(u"createdBy"_s, u"API"_s);
        o.insert(u"commitMessage"_s, u"change %1"_s.arg(v));
        QJsonArray labels;
        if (v == 2)
            labels.append(u"production"_s);
        if (v == 3)
            labels.append(u"latest"_s);
        o.insert(u"labels"_s, labels);
        QJsonArray prompt;
        prompt.append(QJsonObject {{u"role"_s, u"system"_s}, {u"content"_s, u"You are support, take %1."_s.arg(v)}});
        prompt.append(QJsonObject {{u"type"_s, u"placeholder"_s}, {u"name"_s, u"history"_s}});
        o.insert(u"prompt"_s, prompt);
        o.insert(u"config"_s, QJsonObject {{u"temperature"_s, 0.1 * v}});
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }

    void handle(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        const QByteArray head = buffer.left(buffer.indexOf("\r\n\r\n"));
        m_buffers.remove(socket);
        const QList<QByteArray> lines = head.split('\n');
        const QByteArray target = lines.first().split(' ').value(1);
        paths.append(target);
        QByteArray auth;
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("authorization:"))
                auth = line.mid(14).trimmed();
        }
        int status = 200;
        QByteArray body;
        if (auth != expectedAuth) {
            status = 401;
            body = R"({"message":"unauthorized"})";
        } else if (huge) {
            body = QByteArray(LangfusePromptSource::MAX_BODY_BYTES + 1024, ' ');
        } else if (target.startsWith("/api/public/v2/prompts?")) {
            body = R"({"data":[{"name":"support/answer","type":"chat","versions":[1,2,3],"labels":["production","latest"]},)"
                   R"({"name":"other","versions":[9]}],"meta":{"page":1,"limit":50,"totalItems":2,"totalPages":1}})";
        } else if (target.startsWith("/api/public/v2/prompts/support%2Fanswer?version=")) {
            body = version(target.mid(target.indexOf('=') + 1).toInt());
        } else {
            status = 404;
            body = R"({"message":"not found"})";
        }
        socket->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\nContent-Length: "
                      + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }
};

LangfuseConfig configFor(const QString &url)
{
    LangfuseConfig config;
    config.baseUrl = url;
    config.publicKey = *SecretRef::parse(u"env:LIFTOFF_TEST_LF_PK"_s);
    config.secretKey = *SecretRef::parse(u"env:LIFTOFF_TEST_LF_SK"_s);
    config.names = {u"support/answer"_s};
    return config;
}
} // namespace

/** Langfuse prompt versions: parser on the spec's samples, source against a local server. */
class TestLangfusePromptSource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parsesTheSamples();
    void malformedAnswersAreErrors();
    void readsEveryVersionWithLabels();
    void wrongKeysSayWhatToFix();
    void oversizedAnswersAreCut();
    void missingSecretIsAnError();
};

void TestLangfusePromptSource::initTestCase()
{
    qputenv("LIFTOFF_TEST_LF_PK", "pk-lf-test");
    qputenv("LIFTOFF_TEST_LF_SK", "sk-lf-test");
}

void TestLangfusePromptSource::parsesTheSamples()
{
    QFile chat(QStringLiteral(LIFTOFF_TEST_DATA_DIR "/langfuse/langfuse_prompt.json"));
    QVERIFY(chat.open(QIODevice::ReadOnly));
    QString error;
    const std::optional<PromptVersion> v = LangfusePromptParser::parseVersion(chat.readAll(), &error);
    QVERIFY2(v, qPrintable(error));
    QCOMPARE(v->id, u"7"_s);
    QCOMPARE(v->shortId, u"v7"_s);
    QCOMPARE(v->labels, (QStringList {u"production"_s, u"latest"_s}));
    QCOMPARE(v->message, u"Pin model snapshot; lower temperature"_s);
    const QString content = QString::fromUtf8(v->content);
    QVERIFY(content.contains(u"### system\nYou are the support assistant"_s));
    QVERIFY(content.contains(u"### placeholder: history"_s));
    QVERIFY(content.contains(u"\"gpt-4o-2024-08-06\""_s)); // config is part of what is compared

    QFile text(QStringLiteral(LIFTOFF_TEST_DATA_DIR "/langfuse/langfuse_prompt_text.json"));
    QVERIFY(text.open(QIODevice::ReadOnly));
    const std::optional<PromptVersion> t = LangfusePromptParser::parseVersion(text.readAll(), &error);
    QVERIFY(t);
    QVERIFY(t->content.startsWith("Summarize the following ticket"));

    QFile list(QStringLiteral(LIFTOFF_TEST_DATA_DIR "/langfuse/langfuse_prompts_list.json"));
    QVERIFY(list.open(QIODevice::ReadOnly));
    const std::optional<QList<int>> versions
        = LangfusePromptParser::parseVersionList(list.readAll(), u"support/answer"_s, &error);
    QVERIFY(versions);
    QCOMPARE(*versions, (QList<int> {7, 6, 5, 4, 3, 2, 1}));
}

void TestLangfusePromptSource::malformedAnswersAreErrors()
{
    QString error;
    QVERIFY(!LangfusePromptParser::parseVersionList("not json", u"x"_s, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!LangfusePromptParser::parseVersionList(R"({"items":[]})", u"x"_s, &error));
    QVERIFY(!LangfusePromptParser::parseVersion(R"({"version":"7","prompt":"x"})", &error));
    QVERIFY(!LangfusePromptParser::parseVersion(R"([1,2])", &error));
    const auto odd = LangfusePromptParser::parseVersionList(R"({"data":[{"name":"x","versions":[2,-1,1.5,"3",2]}]})",
                                                            u"x"_s, &error);
    QVERIFY(odd);
    QCOMPARE(*odd, QList<int> {2});
}

void TestLangfusePromptSource::readsEveryVersionWithLabels()
{
    LangfuseFixture server;
    QVERIFY(server.isListening());
    QNetworkAccessManager nam;
    LangfusePromptSource source(&nam, configFor(server.url()));
    QSignalSpy spy(&source, &LangfusePromptSource::finished);
    source.start();
    QVERIFY(spy.wait(10000));
    const PromptCatalog catalog = spy.first().first().value<PromptCatalog>();
    QVERIFY2(catalog.ok, qPrintable(catalog.error));
    QCOMPARE(catalog.source, PromptCatalog::Source::Langfuse);
    QCOMPARE(catalog.prompts.size(), 1);
    const PromptHistory &history = catalog.prompts.first();
    QCOMPARE(history.name, u"support/answer"_s);
    QCOMPARE(history.versions.size(), 3);
    QCOMPARE(history.versions[0].id, u"3"_s);
    QCOMPARE(history.versions[1].labels, QStringList {u"production"_s});
    QVERIFY(history.versions[2].content.contains("take 1."));
    QVERIFY(server.paths.first().startsWith("/api/public/v2/prompts?name=support%2Fanswer"));
    QVERIFY(server.maxConcurrent <= LangfusePromptSource::MAX_IN_FLIGHT);
}

void TestLangfusePromptSource::wrongKeysSayWhatToFix()
{
    LangfuseFixture server;
    server.expectedAuth = "Basic other";
    QNetworkAccessManager nam;
    LangfusePromptSource source(&nam, configFor(server.url()));
    QSignalSpy spy(&source, &LangfusePromptSource::finished);
    source.start();
    QVERIFY(spy.wait(10000));
    const PromptCatalog catalog = spy.first().first().value<PromptCatalog>();
    QVERIFY(!catalog.ok);
    QVERIFY2(catalog.error.contains(u"401"_s) && catalog.error.contains(u"secret_key"_s), qPrintable(catalog.error));
    QVERIFY(!catalog.error.contains(u"sk-lf-test"_s)); // never the key itself
}

void TestLangfusePromptSource::oversizedAnswersAreCut()
{
    LangfuseFixture server;
    server.huge = true;
    QNetworkAccessManager nam;
    LangfusePromptSource source(&nam, configFor(server.url()));
    QSignalSpy spy(&source, &LangfusePromptSource::finished);
    source.start();
    QVERIFY(spy.wait(10000));
    const PromptCatalog catalog = spy.first().first().value<PromptCatalog>();
    QVERIFY(!catalog.ok);
    QVERIFY2(catalog.error.contains(u"bytes"_s), qPrintable(catalog.error));
    QCOMPARE(spy.size(), 1);
}

void TestLangfusePromptSource::missingSecretIsAnError()
{
    LangfuseConfig config = configFor(u"http://127.0.0.1:9"_s);
    config.secretKey = *SecretRef::parse(u"env:LIFTOFF_TEST_LF_UNSET"_s);
    QNetworkAccessManager nam;
    LangfusePromptSource source(&nam, config);
    QSignalSpy spy(&source, &LangfusePromptSource::finished);
    source.start();
    QVERIFY(spy.wait(5000));
    const PromptCatalog catalog = spy.first().first().value<PromptCatalog>();
    QVERIFY(!catalog.ok);
    QVERIFY2(catalog.error.contains(u"LIFTOFF_TEST_LF_UNSET"_s), qPrintable(catalog.error));
}

QTEST_GUILESS_MAIN(TestLangfusePromptSource)
#include "TestLangfusePromptSource.moc"
