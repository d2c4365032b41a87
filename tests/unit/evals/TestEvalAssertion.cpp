// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalAssertion.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

/** Each assertion kind on answers that pass and fail it. */
class TestEvalAssertion : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data();
    void evaluate();
    void namesRoundTrip();
};

namespace {
EvalAssertion text(EvalAssertion::Kind kind, const QString &value)
{
    EvalAssertion a;
    a.kind = kind;
    a.text = value;
    return a;
}
EvalAssertion number(EvalAssertion::Kind kind, double value)
{
    EvalAssertion a;
    a.kind = kind;
    a.number = value;
    return a;
}
EvalAssertion kindOnly(EvalAssertion::Kind kind)
{
    EvalAssertion a;
    a.kind = kind;
    return a;
}
EvalAssertion schema(const QByteArray &json)
{
    EvalAssertion a;
    a.kind = EvalAssertion::Kind::JsonSchema;
    a.schema = QJsonDocument::fromJson(json).object();
    return a;
}
} // namespace

void TestEvalAssertion::evaluate_data()
{
    using K = EvalAssertion::Kind;
    QTest::addColumn<EvalAssertion>("assertion");
    QTest::addColumn<QString>("output");
    QTest::addColumn<qint64>("latencyMs");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("detail");

    const QString refund = u"You can get a refund within 30 days of delivery."_s;
    QTest::newRow("contains") << text(K::Contains, u"30 days"_s) << refund << qint64(5) << true << QString();
    QTest::newRow("contains fails") << text(K::Contains, u"60 days"_s) << refund << qint64(5) << false
                                    << u"not found in \"You can get a refund within 30 days of delivery.\""_s;
    QTest::newRow("contains is case-sensitive") << text(K::Contains, u"REFUND"_s) << refund << qint64(5) << false
                                                << u"not found in \"You can get a refund within 30 days of delivery.\""_s;
    QTest::newRow("icontains") << text(K::IContains, u"REFUND"_s) << refund << qint64(5) << true << QString();
    QTest::newRow("not_contains") << text(K::NotContains, u"as an AI"_s) << refund << qint64(5) << true << QString();
    QTest::newRow("not_contains fails") << text(K::NotContains, u"refund"_s) << refund << qint64(5) << false
                                        << u"found in \"You can get a refund within 30 days of delivery.\""_s;
    QTest::newRow("regex inline flag") << text(K::Regex, u"(?i)REFUND within \\d+"_s) << refund << qint64(5) << true
                                       << QString();
    QTest::newRow("regex fails") << text(K::Regex, u"^Sorry"_s) << refund << qint64(5) << false
                                 << u"no match in \"You can get a refund within 30 days of delivery.\""_s;
    QTest::newRow("equals ignores outer space") << text(K::Equals, u"yes"_s) << u"  yes\n"_s << qint64(5) << true
                                                << QString();
    QTest::newRow("equals fails") << text(K::Equals, u"yes"_s) << u"yes!"_s << qint64(5) << false
                                  << u"the output is \"yes!\""_s;
    QTest::newRow("starts_with") << text(K::StartsWith, u"You can"_s) << refund << qint64(5) << true << QString();
    QTest::newRow("is_json object") << kindOnly(K::IsJson) << u"{\"a\": 1}"_s << qint64(5) << true << QString();
    QTest::newRow("is_json number") << kindOnly(K::IsJson) << u" 42 "_s << qint64(5) << true << QString();
    QTest::newRow("is_json fails") << kindOnly(K::IsJson) << u"Order 12 shipped"_s << qint64(5) << false
                                   << u"the output is not JSON (illegal number)"_s;
    QTest::newRow("json_schema holds")
        << schema(R"({"type": "object", "required": ["order_id"], "properties": {"order_id": {"type": "string"}}})")
        << u"{\"order_id\": \"1234\", \"status\": \"shipped\"}"_s << qint64(5) << true << QString();
    QTest::newRow("json_schema wrong type")
        << schema(R"({"type": "object", "properties": {"order_id": {"type": "string"}}})")
        << u"{\"order_id\": 1234}"_s << qint64(5) << false << u"/order_id: expected string, got integer"_s;
    QTest::newRow("json_schema on prose")
        << schema(R"({"type": "object"})") << u"Order 1234 has shipped"_s << qint64(5) << false
        << u"the output is not JSON (illegal number)"_s;
    QTest::newRow("max_latency holds") << number(K::MaxLatency, 4000) << refund << qint64(3999) << true
                                       << u"took 3999 ms"_s;
    QTest::newRow("max_latency fails") << number(K::MaxLatency, 4000) << refund << qint64(4001) << false
                                       << u"took 4001 ms"_s;
    QTest::newRow("max_tokens without usage") << number(K::MaxTokens, 100) << refund << qint64(5) << false
                                              << u"the answer reported no token usage"_s;
}

void TestEvalAssertion::evaluate()
{
    QFETCH(EvalAssertion, assertion);
    QFETCH(QString, output);
    QFETCH(qint64, latencyMs);
    QFETCH(bool, ok);
    QFETCH(QString, detail);
    const EvalAssertionOutcome o = assertion.evaluate({output, latencyMs, std::nullopt, std::nullopt});
    QCOMPARE(o.ok, ok);
    QCOMPARE(o.detail, detail);
    QCOMPARE(o.kind, EvalAssertion::kindName(assertion.kind));
}

void TestEvalAssertion::namesRoundTrip()
{
    for (const QString &name : EvalAssertion::kindNames())
        QCOMPARE(EvalAssertion::kindName(*EvalAssertion::kindFromName(name)), name);
    QVERIFY(!EvalAssertion::kindFromName(u"contain"_s));
    EvalAssertion tokens = number(EvalAssertion::Kind::MaxTokens, 100);
    QVERIFY(tokens.evaluate({u"x"_s, 1, qint64(80), std::nullopt}).ok);
    QVERIFY(!tokens.evaluate({u"x"_s, 1, qint64(120), std::nullopt}).ok);
    EvalAssertion cost = number(EvalAssertion::Kind::MaxCost, 0.01);
    QVERIFY(cost.evaluate({u"x"_s, 1, std::nullopt, 0.002}).ok);
    QCOMPARE(cost.evaluate({u"x"_s, 1, std::nullopt, 0.02}).detail, u"cost $0.02"_s);
}

QTEST_APPLESS_MAIN(TestEvalAssertion)
#include "TestEvalAssertion.moc"
