// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/CommandRunner.h"
#include "actions/FlagSwitch.h"
#include "actions/NotificationSender.h"

#include "../scan/FakeKeys.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace FakeKeys;

namespace {
/** Every key shape of spec/detectors.md, built from its shape (never a literal key). */
QList<std::pair<const char *, QByteArray>> keyShapes()
{
    const QByteArray marker = join({"T3Blbk", "FJ"});
    const QByteArray base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    return {
        {"anthropic api", join({"sk-", "ant-", "api03-", random(URL_SAFE, 93, 1), "AA"})},
        {"anthropic admin", join({"sk-", "ant-", "admin01-", random(URL_SAFE, 93, 2), "AA"})},
        {"openai project", openAiProject(3, 74)},
        {"openai service account", join({"sk-", "svcacct-", random(URL_SAFE, 58, 4), marker, random(URL_SAFE, 58, 5)})},
        {"openai admin", join({"sk-", "admin-", random(URL_SAFE, 74, 6), marker, random(URL_SAFE, 74, 7)})},
        {"openai legacy", openAiLegacy(8)},
        {"deepseek", join({"sk-", random(LOWER_ALNUM, 32, 9)})},
        {"openrouter", join({"sk-", "or-", "v1-", random(LOWER_HEX, 64, 10)})},
        {"google", join({"AIza", "Sy", random(URL_SAFE, 33, 11)})},
        {"aws", join({"AKIA", random(BASE32_UPPER, 16, 12)})},
        {"aws bedrock", join({"ABSK", random(base64.constData(), 60, 13)})},
        {"hugging face", join({"hf_", random(LETTERS, 34, 14)})},
        {"hugging face org", join({"api_", "org_", random(LETTERS, 34, 15)})},
        {"groq", join({"gsk_", random(ALNUM, 52, 16)})},
        {"replicate", join({"r8_", random(URL_SAFE, 37, 17)})},
        {"xai", join({"xai-", random(ALNUM, 80, 18)})},
        {"perplexity", join({"pplx-", random(ALNUM, 48, 19)})},
        {"langsmith", join({"lsv2_", "pt_", random(LOWER_HEX, 32, 20), "_", random(LOWER_HEX, 10, 21)})},
        {"slack bot", join({"xoxb-", random("0123456789", 12, 22), "-", random(ALNUM, 24, 23)})},
        {"slack user", join({"xoxp-", random("0123456789", 12, 24), "-", random(ALNUM, 32, 25)})},
        {"github", join({"ghp_", random(ALNUM, 36, 26)})},
        {"github fine-grained", join({"github_", "pat_", random(ALNUM, 82, 27)})},
        {"slack webhook", join({"https://hooks.slack.com/services/T", random(ALNUM, 10, 28), "/B", random(ALNUM, 10, 29),
                                "/", random(ALNUM, 24, 30)})},
    };
}

/** The part of a key that is the secret: a Slack webhook keeps its host visible. */
QString secretPart(const QString &key)
{
    const QString host = u"https://hooks.slack.com/services/"_s;
    return key.startsWith(host) ? key.mid(host.size()) : key;
}

/** True when text holds the key or any 10-character piece of it other than its last four. */
bool leaks(const QString &text, const QString &key)
{
    const QString secret = secretPart(key);
    for (qsizetype i = 0; i + 10 <= secret.size() - 4; ++i) {
        if (text.contains(secret.mid(i, 10)))
            return true;
    }
    return false;
}

CommandSpec shell(const QString &script, const QMap<QString, QString> &environment = {})
{
    return {{u"/bin/sh"_s, u"-c"_s, script}, {}, environment, 20000};
}
} // namespace

/**
 * Text from outside through the one redactor, end to end: real child processes printing each key
 * shape on stdout and stderr, in pieces with pauses between them, on over-long lines; error
 * messages; a webhook's and a flag service's answers.
 */
class TestOutsideTextRedaction : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyKeyShapeOnStdoutAndStderr_data();
    void everyKeyShapeOnStdoutAndStderr();
    void keySplitAcrossWritesWithAPause_data();
    void keySplitAcrossWritesWithAPause();
    void keyWrittenInManySmallPieces();
    void overlongLineCutInsideAKeyShowsNoneOfIt_data();
    void overlongLineCutInsideAKeyShowsNoneOfIt();
    void errorMessageIsRedacted();
    void webhookAnswerIsRedacted();
    void flagServiceAnswerIsRedacted();

private:
    /** Runs spec to its end; lines as lineRead emitted them go to streamed. */
    CommandResult run(const CommandSpec &spec, QStringList *streamed = nullptr);

    QHttpServer m_server;
    quint16 m_port = 0;
    QByteArray m_answerKey;
    QNetworkAccessManager m_nam;
};

void TestOutsideTextRedaction::initTestCase()
{
    qRegisterMetaType<CommandResult>();
    qRegisterMetaType<NotificationResult>();
    m_answerKey = keyShapes().first().second;
    using Method = QHttpServerRequest::Method;
    // Services that echo a key in an error answer, as some gateways do.
    m_server.route(u"/hook"_s, Method::Post, [this](const QHttpServerRequest &) {
        return QHttpServerResponse(QByteArray("text/plain"), QByteArray("invalid_auth: key " + m_answerKey + " is revoked"),
                                   QHttpServerResponse::StatusCode::Forbidden);
    });
    m_server.route(u"/ofrep/v1/evaluate/flags/<arg>"_s, Method::Post, [this](const QString &, const QHttpServerRequest &) {
        return QHttpServerResponse(QByteArray("application/json"), QByteArray("{\"error\":\"bad token " + m_answerKey + "\"}"),
                                   QHttpServerResponse::StatusCode::InternalServerError);
    });
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
    qputenv("LIFTOFF_TEST_REDACTION_HOOK", u"http://127.0.0.1:%1/hook"_s.arg(m_port).toUtf8());
}

CommandResult TestOutsideTextRedaction::run(const CommandSpec &spec, QStringList *streamed)
{
    CommandRunner runner;
    QSignalSpy lines(&runner, &CommandRunner::lineRead);
    QSignalSpy finished(&runner, &CommandRunner::finished);
    runner.start(spec);
    if (finished.isEmpty() && !finished.wait(20000))
        return {};
    if (streamed) {
        for (const QList<QVariant> &args : std::as_const(lines))
            streamed->append(args.first().toString());
    }
    return finished.first().first().value<CommandResult>();
}

void TestOutsideTextRedaction::everyKeyShapeOnStdoutAndStderr_data()
{
    QTest::addColumn<QString>("key");
    for (const auto &[name, key] : keyShapes())
        QTest::newRow(name) << QString::fromLatin1(key);
}

void TestOutsideTextRedaction::everyKeyShapeOnStdoutAndStderr()
{
    QFETCH(QString, key);
    // The key reaches the child through its environment, not as a configured secret: only the
    // key rules can catch it. The last line has no newline: it ends with the process.
    QStringList streamed;
    const CommandResult r = run(shell(u"printf 'out %s\\n' \"$FAKE_KEY\"; printf 'err %s\\n' \"$FAKE_KEY\" >&2; "
                                      u"printf 'tail=%s' \"$FAKE_KEY\""_s,
                                      {{u"FAKE_KEY"_s, key}}),
                                &streamed);
    QVERIFY(r.succeeded());
    const QString masked = key.left(key.size() - secretPart(key).size()) + u"••••"_s + key.right(4);
    QCOMPARE(r.lines, (QStringList {u"out "_s + masked, u"err "_s + masked, u"tail="_s + masked}));
    QCOMPARE(streamed, r.lines);
    for (const QString &line : std::as_const(r.lines))
        QVERIFY2(!leaks(line, key), qPrintable(line));
}

void TestOutsideTextRedaction::keySplitAcrossWritesWithAPause_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("key");
    const QString ant = QString::fromLatin1(keyShapes().at(0).second);
    const QString admin = QString::fromLatin1(keyShapes().at(1).second);
    const QString split = u"printf '%s' \"$HEAD\"%1; sleep 0.2; printf '%s\\n' \"$TAIL\"%2; echo after"_s;
    QTest::newRow("stdout") << split.arg(QString(), QString()) << ant;
    QTest::newRow("stderr") << split.arg(u" >&2"_s, u" >&2"_s) << admin;
    QTest::newRow("head on stdout, tail on stderr") << split.arg(QString(), u" >&2"_s) << ant;
    QTest::newRow("prefix alone first") << split.arg(QString(), QString()) << admin;
}

void TestOutsideTextRedaction::keySplitAcrossWritesWithAPause()
{
    QFETCH(QString, script);
    QFETCH(QString, key);
    // "prefix alone first" splits right after the prefix; the others in the middle of the body.
    const qsizetype at = QByteArray(QTest::currentDataTag()) == "prefix alone first" ? 15 : 40;
    QStringList streamed;
    const CommandResult r = run(shell(script, {{u"HEAD"_s, key.left(at)}, {u"TAIL"_s, key.mid(at)}}), &streamed);
    QVERIFY(r.succeeded());
    QCOMPARE(r.lines, (QStringList {u"••••"_s + key.right(4), u"after"_s}));
    QCOMPARE(streamed, r.lines);
}

void TestOutsideTextRedaction::keyWrittenInManySmallPieces()
{
    const QString key = QString::fromLatin1(keyShapes().at(0).second);
    // 20 characters per write, a pause after each.
    const QString script = uR"sh(i=1; n=${#FAKE_KEY}; printf 'key: ';
while [ "$i" -le "$n" ]; do printf '%s' "$(printf '%s' "$FAKE_KEY" | cut -c "$i-$((i + 19))")"; sleep 0.05; i=$((i + 20)); done
printf ' end\n')sh"_s;
    QStringList streamed;
    const CommandResult r = run(shell(script, {{u"FAKE_KEY"_s, key}}), &streamed);
    QVERIFY(r.succeeded());
    QCOMPARE(r.lines, QStringList {u"key: ••••"_s + key.right(4) + u" end"_s});
    QCOMPARE(streamed, r.lines);
}

void TestOutsideTextRedaction::overlongLineCutInsideAKeyShowsNoneOfIt_data()
{
    QTest::addColumn<int>("keyOffsetFromCut");
    // Where the line's bound falls inside the key: in its prefix, just after it, deep inside.
    QTest::newRow("in the prefix") << 5;
    QTest::newRow("just after the prefix") << 19;
    QTest::newRow("in the middle") << 60;
    QTest::newRow("before the last four") << 106;
}

void TestOutsideTextRedaction::overlongLineCutInsideAKeyShowsNoneOfIt()
{
    QFETCH(int, keyOffsetFromCut);
    const QString key = QString::fromLatin1(keyShapes().at(0).second);
    const qsizetype filler = CommandRunner::MAX_LINE_BYTES - keyOffsetFromCut - 1;
    const QString script = u"head -c %1 /dev/zero | tr '\\000' x; printf ' %s and more\\n' \"$FAKE_KEY\"; echo after"_s
                               .arg(filler);
    const CommandResult r = run(shell(script, {{u"FAKE_KEY"_s, key}}));
    QVERIFY(r.succeeded());
    QCOMPARE(r.lines.size(), 2);
    QVERIFY(r.lines.first().endsWith(u" [line cut at %1 bytes]"_s.arg(CommandRunner::MAX_LINE_BYTES)));
    QVERIFY2(!r.lines.first().contains(u"sk-"_s), qPrintable(r.lines.first().right(80)));
    QVERIFY(!leaks(r.lines.first(), key));
    QCOMPARE(r.lines.last(), u"after"_s);
}

void TestOutsideTextRedaction::errorMessageIsRedacted()
{
    const QString key = QString::fromLatin1(keyShapes().at(1).second);
    const QString program = u"/nonexistent/"_s + key;
    const CommandResult r = run({{program}, {}, {}, 10000});
    QCOMPARE(r.outcome, CommandResult::Outcome::FailedToStart);
    QVERIFY2(r.error.contains(u"could not start /nonexistent/••••"_s + key.right(4)), qPrintable(r.error));
    QVERIFY(!leaks(r.error, key));
}

void TestOutsideTextRedaction::webhookAnswerIsRedacted()
{
    NotificationSender sender(&m_nam);
    QSignalSpy finished(&sender, &NotificationSender::finished);
    NotifyChannelConfig channel {u"room"_s, NotifyChannelConfig::Kind::Webhook,
                                 {SecretRef::Store::Env, u"LIFTOFF_TEST_REDACTION_HOOK"_s}, {}};
    Notification n;
    n.title = u"test"_s;
    sender.send(channel, n);
    QVERIFY(finished.wait(10000));
    const NotificationResult result = finished.first().at(1).value<NotificationResult>();
    QCOMPARE(result.httpStatus, 403);
    const QString key = QString::fromLatin1(m_answerKey);
    QVERIFY2(result.answer.contains(u"••••"_s + key.right(4)), qPrintable(result.answer));
    QVERIFY(!leaks(result.answer + result.error, key));
}

void TestOutsideTextRedaction::flagServiceAnswerIsRedacted()
{
    FlagsConfig flags;
    flags.kind = FlagsConfig::Kind::Ofrep;
    flags.baseUrl = u"http://127.0.0.1:%1"_s.arg(m_port);
    flags.flag = u"ai-enabled"_s;
    FlagSwitch flagSwitch(&m_nam, flags, {}, u"production"_s);
    QSignalSpy failed(&flagSwitch, &FlagSwitch::failed);
    flagSwitch.read();
    QVERIFY(failed.wait(10000));
    const QString error = failed.first().first().toString();
    const QString key = QString::fromLatin1(m_answerKey);
    QVERIFY2(error.contains(u"answered 500"_s) && error.contains(u"••••"_s + key.right(4)), qPrintable(error));
    QVERIFY(!leaks(error, key));
}

QTEST_GUILESS_MAIN(TestOutsideTextRedaction)
#include "TestOutsideTextRedaction.moc"
