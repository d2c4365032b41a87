// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/SecretRedactor.h"

#include "probes/ProbeResult.h"
#include "report/ChecklistReport.h"

#include "FakeKeys.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace FakeKeys;

namespace {
QString text(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

/** True when some 10-character piece of key (other than its last four) is still in out. */
bool leaksPartOf(const QString &out, const QString &key)
{
    for (qsizetype i = 0; i + 10 <= key.size() - 4; ++i) {
        if (out.contains(key.mid(i, 10)))
            return true;
    }
    return false;
}
} // namespace

/**
 * The one redactor: every provider key shape of spec/detectors.md (built here from its shape, at
 * any length), in the places outside text puts them; ordinary text left alone; exact secrets.
 */
class TestSecretRedactor : public QObject
{
    Q_OBJECT

private slots:
    void hidesEveryKeyShape_data();
    void hidesEveryKeyShape();
    void hidesKeysInTheirUsualSurroundings_data();
    void hidesKeysInTheirUsualSurroundings();
    void keepsOrdinaryText_data();
    void keepsOrdinaryText();
    void keepsLabelsOfWebhooksAndBearerTokens();
    void hidesDistinctPrefixesEvenGluedToAWord();
    void hidesGivenSecretsExactly();
    void isIdempotent();
    void redactsJsonStringsAndKeys();
    void probeResultHidesKeysWithoutSecrets();
    void reportEvidenceAndItemsHideKeys();
    void staysLinearOnHostileInput();
};

void TestSecretRedactor::hidesEveryKeyShape_data()
{
    QTest::addColumn<QString>("key");
    const QByteArray markerHead = "T3Blbk";
    const QByteArray markerTail = "FJ";
    auto row = [](const char *name, const QByteArray &key) { QTest::newRow(name) << text(key); };
    row("anthropic api", join({"sk-", "ant-", "api03-", random(URL_SAFE, 93, 1), "AA"}));
    row("anthropic admin", join({"sk-", "ant-", "admin01-", random(URL_SAFE, 93, 2), "AA"}));
    row("anthropic shorter", join({"sk-", "ant-", "api03-", random(URL_SAFE, 40, 3), "AA"}));
    row("anthropic longer", join({"sk-", "ant-", "api03-", random(URL_SAFE, 150, 4), "AA"}));
    row("openai project 74", openAiProject(5, 74));
    row("openai project 58", openAiProject(6, 58));
    row("openai project other length", openAiProject(7, 30));
    row("openai service account",
        join({"sk-", "svcacct-", random(URL_SAFE, 58, 8), markerHead, markerTail, random(URL_SAFE, 58, 9)}));
    row("openai admin", join({"sk-", "admin-", random(URL_SAFE, 74, 10), markerHead, markerTail, random(URL_SAFE, 74, 11)}));
    row("openai legacy", openAiLegacy(12));
    row("deepseek", join({"sk-", random(LOWER_ALNUM, 32, 15)}));
    row("plain sk- token", join({"sk-", random(ALNUM, 20, 16)}));
    row("openrouter", join({"sk-", "or-", "v1-", random(LOWER_HEX, 64, 17)}));
    row("google", join({"AIza", "Sy", random(URL_SAFE, 33, 18)}));
    row("aws AKIA", join({"AKIA", random(BASE32_UPPER, 16, 19)}));
    row("aws ASIA", join({"ASIA", random(BASE32_UPPER, 16, 20)}));
    row("aws ABIA", join({"ABIA", random(BASE32_UPPER, 16, 21)}));
    row("aws ACCA", join({"ACCA", random(BASE32_UPPER, 16, 22)}));
    row("aws A3T", join({"A3T", "X", random(BASE32_UPPER, 16, 23)}));
    row("aws bedrock", join({"ABSK", random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 60, 24), "="}));
    row("hugging face", join({"hf_", random(LETTERS, 34, 25)}));
    row("hugging face org", join({"api_", "org_", random(LETTERS, 34, 26)}));
    row("groq", join({"gsk_", random(ALNUM, 52, 27)}));
    row("replicate", join({"r8_", random(URL_SAFE, 37, 28)}));
    row("xai", join({"xai-", random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_", 80, 29)}));
    row("perplexity", join({"pplx-", random(ALNUM, 48, 30)}));
    row("langsmith pt", join({"lsv2_", "pt_", random(LOWER_HEX, 32, 31), "_", random(LOWER_HEX, 10, 32)}));
    row("langsmith sk", join({"lsv2_", "sk_", random(LOWER_HEX, 32, 33), "_", random(LOWER_HEX, 10, 34)}));
    row("slack bot", join({"xoxb-", random("0123456789", 12, 35), "-", random("0123456789", 13, 36), "-", random(ALNUM, 24, 37)}));
    row("slack user", join({"xoxp-", random("0123456789", 12, 38), "-", random("0123456789", 13, 39), "-", random(ALNUM, 32, 40)}));
    row("slack other", join({"xoxe-", random("0123456789", 2, 41), "-", random(ALNUM, 40, 42)}));
    for (const char *gh : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"})
        row(gh, join({gh, random(ALNUM, 36, 43)}));
    row("github fine-grained", join({"github_", "pat_", random(ALNUM, 22, 44), "_", random(ALNUM, 59, 45)}));
}

void TestSecretRedactor::hidesEveryKeyShape()
{
    QFETCH(QString, key);
    const QString out = SecretRedactor::redactKeys(u"KEY="_s + key + u" done"_s);
    QVERIFY2(!out.contains(key), qPrintable(out));
    QVERIFY2(!leaksPartOf(out, key), qPrintable(out));
    QCOMPARE(out, u"KEY=••••"_s + key.right(4) + u" done"_s);
    // The same with resolved secrets given: the key rules still apply.
    QCOMPARE(SecretRedactor(QStringList {u"unrelated-secret"_s}).redact(key), u"••••"_s + key.right(4));
}

void TestSecretRedactor::hidesKeysInTheirUsualSurroundings_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("alone") << u"%1"_s;
    QTest::newRow("export") << u"export ANTHROPIC_API_KEY=%1"_s;
    QTest::newRow("quoted") << u"api_key = \"%1\""_s;
    QTest::newRow("json") << u"{\"apiKey\":\"%1\",\"n\":1}"_s;
    QTest::newRow("after an escaped newline") << u"{\"log\":\"key:\\n%1\"}"_s;
    QTest::newRow("after \\u003d") << u"key\\u003d%1"_s;
    QTest::newRow("percent-encoded") << u"https://example.test/cb?key%3D%1&x=1"_s;
    QTest::newRow("url query") << u"https://example.test/v1?key=%1"_s;
    QTest::newRow("header") << u"x-api-key: %1"_s;
    QTest::newRow("yaml") << u"  - token: '%1'"_s;
    QTest::newRow("twice") << u"%1 and again %1"_s;
    QTest::newRow("unicode around") << u"clé → %1 ✓"_s;
}

void TestSecretRedactor::hidesKeysInTheirUsualSurroundings()
{
    QFETCH(QString, format);
    for (const QByteArray &raw : {anthropic(50), join({"sk-", random(LOWER_ALNUM, 32, 51)}),
                                  join({"hf_", random(LETTERS, 34, 52)}), join({"AKIA", random(BASE32_UPPER, 16, 53)}),
                                  join({"r8_", random(URL_SAFE, 37, 54)})}) {
        const QString key = text(raw);
        const QString in = QString(format).replace(u"%1"_s, key);
        const QString out = SecretRedactor::redactKeys(in);
        QVERIFY2(!out.contains(key) && !leaksPartOf(out, key), qPrintable(in + u" → "_s + out));
        QCOMPARE(out, QString(format).replace(u"%1"_s, u"••••"_s + key.right(4)));
    }
}

void TestSecretRedactor::keepsOrdinaryText_data()
{
    QTest::addColumn<QString>("input");
    QTest::newRow("words with sk-") << u"task-scheduler-worker-0123456789 risk-free-rate-calculation-2024"_s;
    QTest::newRow("kiosk host") << u"kiosk-frontend-deployment-7d9f8b6c5-x2x9z is Ready"_s;
    QTest::newRow("short sk-") << u"sk-learn 1.4.2, sk-abc"_s;
    QTest::newRow("identifiers") << u"use_hf_transformers_backend var8_enabled_for_everyone"_s;
    QTest::newRow("short prefixes") << u"AKIA ghp_short xoxb-1 gsk_tiny hf_x AIza pplx- xai-1 lsv2_pt_00"_s;
    QTest::newRow("bearer word") << u"the bearer of bad news; Bearer short"_s;
    QTest::newRow("hashes and ids") << u"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 "
                                       u"550e8400-e29b-41d4-a716-446655440000"_s;
    QTest::newRow("an already redacted key") << u"sk-ant-api03-…AbCd and ••••AbCd"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("plain log") << u"2026-01-02T03:04:05Z INFO rolled back to v1.3.2 in 4.2 s"_s;
}

void TestSecretRedactor::keepsOrdinaryText()
{
    QFETCH(QString, input);
    QCOMPARE(SecretRedactor::redactKeys(input), input);
}

void TestSecretRedactor::keepsLabelsOfWebhooksAndBearerTokens()
{
    const QString path = u"T"_s + text(random(ALNUM, 10, 60)) + u"/B"_s + text(random(ALNUM, 10, 61)) + u"/"_s
        + text(random(ALNUM, 24, 62));
    const QString webhook = u"https://hooks.slack.com/services/"_s + path;
    QCOMPARE(SecretRedactor::redactKeys(u"POST "_s + webhook + u" failed"_s),
             u"POST https://hooks.slack.com/services/••••"_s + path.right(4) + u" failed"_s);
    // JSON may escape the slashes.
    const QString escaped = u"{\"url\":\"https:\\/\\/hooks.slack.com\\/services\\/"_s + QString(path).replace(u"/"_s, u"\\/"_s)
        + u"\"}"_s;
    QVERIFY2(!SecretRedactor::redactKeys(escaped).contains(path.right(20)), qPrintable(SecretRedactor::redactKeys(escaped)));
    const QString jwt = u"eyJ"_s + text(random(URL_SAFE, 20, 63)) + u".eyJ"_s + text(random(URL_SAFE, 40, 64)) + u"."_s
        + text(random(URL_SAFE, 43, 65));
    QCOMPARE(SecretRedactor::redactKeys(u"Authorization: Bearer "_s + jwt),
             u"Authorization: Bearer ••••"_s + jwt.right(4));
    QCOMPARE(SecretRedactor::redactKeys(u"authorization: bearer "_s + jwt), u"authorization: bearer ••••"_s + jwt.right(4));
}

void TestSecretRedactor::hidesDistinctPrefixesEvenGluedToAWord()
{
    const QString ant = text(anthropic(100));
    QCOMPARE(SecretRedactor::redactKeys(u"key:"_s + ant), u"key:••••"_s + ant.right(4));
    QCOMPARE(SecretRedactor::redactKeys(u"x"_s + ant), u"x••••"_s + ant.right(4));
    const QString marked = text(join({"sk-", random(ALNUM, 10, 101), "T3Blbk", "FJ", random(ALNUM, 10, 102)}));
    QCOMPARE(SecretRedactor::redactKeys(u"Xsk-"_s.left(1) + marked), u"X••••"_s + marked.right(4));
    // A plain sk- token glued to a word is a word ("task-…", "kiosk-…").
    const QString plain = u"Xsk-"_s + text(random(LOWER_ALNUM, 32, 103));
    QCOMPARE(SecretRedactor::redactKeys(plain), plain);
}

void TestSecretRedactor::hidesGivenSecretsExactly()
{
    const SecretRedactor redactor({u"hunter2-but-longer"_s, u"pin1"_s, u"abc"_s, u"hunter2"_s,
                                   u"https://hooks.example.test/x?sig=a b"_s, u"  padded-secret-value\n"_s});
    QCOMPARE(redactor.redact(u"pw=hunter2-but-longer;"_s), u"pw=••••nger;"_s); // the longer one goes whole
    QCOMPARE(redactor.redact(u"hunter2"_s), u"••••"_s);                         // 8 or fewer: nothing shown
    QCOMPARE(redactor.redact(u"pin1 abc"_s), u"•••• abc"_s);                  // under 4: not looked for
    QCOMPARE(redactor.redact(u"GET https%3A%2F%2Fhooks.example.test%2Fx%3Fsig%3Da%20b"_s).contains(u"hooks.example"_s),
             false);
    QCOMPARE(redactor.redact(u"value padded-secret-value."_s), u"value ••••alue."_s);
    QCOMPARE(SecretRedactor::redact(u"x hunter2-but-longer"_s, {u"hunter2-but-longer"_s}), u"x ••••nger"_s);
    QCOMPARE(SecretRedactor::mask(u"0123456789"), u"••••6789"_s);
    QCOMPARE(SecretRedactor::mask(u"01234567"), u"••••"_s);
}

void TestSecretRedactor::isIdempotent()
{
    const QString key = text(anthropic(70));
    const SecretRedactor redactor({key, u"plain-secret-1234"_s});
    const QString once = redactor.redact(u"a "_s + key + u" b plain-secret-1234 c"_s);
    QCOMPARE(once, u"a ••••"_s + key.right(4) + u" b ••••1234 c"_s);
    QCOMPARE(redactor.redact(once), once);
}

void TestSecretRedactor::redactsJsonStringsAndKeys()
{
    const QString key = text(join({"gsk_", random(ALNUM, 52, 80)}));
    const QJsonObject in {{u"body"_s, QString(u"echo "_s + key)},
                          {key, 1},
                          {u"nested"_s, QJsonArray {key, 42, true, QJsonObject {{u"k"_s, key}}}},
                          {u"count"_s, 7}};
    const QJsonObject out = SecretRedactor().redactJson(in);
    const QString masked = u"••••"_s + key.right(4);
    QCOMPARE(out.value(u"body"_s).toString(), u"echo "_s + masked);
    QVERIFY(out.contains(masked) && !out.contains(key));
    QCOMPARE(out.value(u"nested"_s).toArray().at(0).toString(), masked);
    QCOMPARE(out.value(u"nested"_s).toArray().at(1).toInt(), 42);
    QCOMPARE(out.value(u"nested"_s).toArray().at(3).toObject().value(u"k"_s).toString(), masked);
    QCOMPARE(out.value(u"count"_s).toInt(), 7);
}

void TestSecretRedactor::probeResultHidesKeysWithoutSecrets()
{
    const QString key = text(join({"sk-", "ant-", "admin01-", random(URL_SAFE, 93, 90), "AA"}));
    ProbeResult r;
    r.summary = u"answered 401: invalid key "_s + key;
    r.conditions = QJsonArray {QJsonObject {{u"expr"_s, u"[BODY] == ok"_s}, {u"actual"_s, key}}};
    r.evidence = QJsonObject {{u"body"_s, QString(u"{\"error\":\""_s + key + u"\"}"_s)}};
    r.redact({});
    const QString all = r.summary + QString::fromUtf8(QJsonDocument(r.conditions).toJson())
        + QString::fromUtf8(QJsonDocument(r.evidence).toJson());
    QVERIFY2(!all.contains(key) && !leaksPartOf(all, key), qPrintable(all));
    QCOMPARE(r.summary, u"answered 401: invalid key ••••"_s + key.right(4));
}

void TestSecretRedactor::reportEvidenceAndItemsHideKeys()
{
    const QString key = text(join({"xai-", random(ALNUM, 80, 95)}));
    const QJsonObject evidence = ChecklistReport::redactEvidence({{u"output"_s, QJsonArray {QString(u"got "_s + key)}}});
    QCOMPARE(evidence.value(u"output"_s).toArray().first().toString(), u"got ••••"_s + key.right(4));
    EvaluatedItem item;
    item.summary = u"dry run printed "_s + key;
    item.state.note = u"pasted "_s + key;
    item.state.evidence = {{u"tail"_s, key}};
    const ChecklistReport report(u"p"_s, {}, {item});
    const QString json = QString::fromUtf8(QJsonDocument(report.toJson()).toJson());
    QVERIFY2(!json.contains(key) && !leaksPartOf(json, key), qPrintable(json));
    QVERIFY(!report.toMarkdown().contains(key));
    QVERIFY(!report.toText(false).contains(key));
}

void TestSecretRedactor::staysLinearOnHostileInput()
{
    // Many prefixes that never complete, glued prefixes and one long token: no backtracking blow-up.
    QString hostile;
    for (int i = 0; i < 4000; ++i)
        hostile += u"xsk-"_s;
    hostile += u' ' + QString(200000, u'a') + u" sk-"_s + QString(100000, u'b');
    QElapsedTimer timer;
    timer.start();
    const QString out = SecretRedactor::redactKeys(hostile);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(out.endsWith(u" ••••bbbb"_s));
    const QString plain(4 * 1024 * 1024, u'x');
    QCOMPARE(SecretRedactor::firstKeyCandidate(plain), qsizetype(-1));
}

QTEST_APPLESS_MAIN(TestSecretRedactor)
#include "TestSecretRedactor.moc"
