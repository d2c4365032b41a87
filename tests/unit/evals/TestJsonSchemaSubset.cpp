// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/JsonSchemaSubset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

/** The draft 2020-12 subset: each keyword on instances that hold and break it, and refused schemas. */
class TestJsonSchemaSubset : public QObject
{
    Q_OBJECT

private slots:
    void validate_data();
    void validate();
    void checkSchema_data();
    void checkSchema();
    void boundsNesting();
};

namespace {
QJsonValue json(const QByteArray &text)
{
    return QJsonDocument::fromJson("[" + text + "]").array().at(0);
}
} // namespace

void TestJsonSchemaSubset::validate_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QByteArray>("instance");
    QTest::addColumn<QString>("errors"); // joined with " | "; empty means valid

    QTest::newRow("type string") << QByteArray(R"({"type": "string"})") << QByteArray(R"("x")") << QString();
    QTest::newRow("type mismatch") << QByteArray(R"({"type": "string"})") << QByteArray("3")
                                   << u"(root): expected string, got integer"_s;
    QTest::newRow("integer is a number") << QByteArray(R"({"type": "number"})") << QByteArray("3") << QString();
    QTest::newRow("2.5 is not an integer") << QByteArray(R"({"type": "integer"})") << QByteArray("2.5")
                                           << u"(root): expected integer, got number"_s;
    QTest::newRow("type list") << QByteArray(R"({"type": ["string", "null"]})") << QByteArray("null") << QString();
    QTest::newRow("required") << QByteArray(R"({"type": "object", "required": ["a", "b"]})")
                              << QByteArray(R"({"a": 1})") << u"(root): the required property 'b' is missing"_s;
    QTest::newRow("nested property pointer")
        << QByteArray(R"({"properties": {"order": {"properties": {"id": {"type": "string"}}}}})")
        << QByteArray(R"({"order": {"id": 7}})") << u"/order/id: expected string, got integer"_s;
    QTest::newRow("items") << QByteArray(R"({"type": "array", "items": {"type": "integer"}})")
                           << QByteArray(R"([1, "two", 3])") << u"/1: expected integer, got string"_s;
    QTest::newRow("enum") << QByteArray(R"({"enum": ["shipped", "pending"]})") << QByteArray(R"("lost")")
                          << u"(root): must be one of shipped, pending"_s;
    QTest::newRow("const") << QByteArray(R"({"const": 2})") << QByteArray("2") << QString();
    QTest::newRow("minimum maximum") << QByteArray(R"({"minimum": 1, "maximum": 5})") << QByteArray("9")
                                     << u"(root): 9 is above the maximum 5"_s;
    QTest::newRow("exclusiveMinimum") << QByteArray(R"({"exclusiveMinimum": 0})") << QByteArray("0")
                                      << u"(root): 0 is not above 0"_s;
    QTest::newRow("minLength in code points") << QByteArray(R"({"minLength": 2})") << QByteArray(R"("😀")")
                                              << u"(root): 1 characters, fewer than minLength 2"_s;
    QTest::newRow("maxItems") << QByteArray(R"({"maxItems": 1})") << QByteArray("[1, 2]")
                              << u"(root): 2 items, more than maxItems 1"_s;
    QTest::newRow("pattern") << QByteArray(R"({"pattern": "^[0-9]+$"})") << QByteArray(R"("12a")")
                             << u"(root): does not match the pattern ^[0-9]+$"_s;
    QTest::newRow("additionalProperties false")
        << QByteArray(R"({"properties": {"a": {}}, "additionalProperties": false})") << QByteArray(R"({"a": 1, "b": 2})")
        << u"(root): the property 'b' is not allowed"_s;
    QTest::newRow("additionalProperties schema")
        << QByteArray(R"({"additionalProperties": {"type": "string"}})") << QByteArray(R"({"x": 1})")
        << u"/x: expected string, got integer"_s;
    QTest::newRow("several errors")
        << QByteArray(R"({"type": "object", "required": ["id"], "properties": {"n": {"type": "integer"}}})")
        << QByteArray(R"({"n": "x"})") << u"(root): the required property 'id' is missing | /n: expected integer, got string"_s;
    QTest::newRow("false schema") << QByteArray("false") << QByteArray("1") << u"(root): no value is allowed here"_s;
}

void TestJsonSchemaSubset::validate()
{
    QFETCH(QByteArray, schema);
    QFETCH(QByteArray, instance);
    QFETCH(QString, errors);
    QVERIFY(JsonSchemaSubset::checkSchema(json(schema)).isEmpty());
    QCOMPARE(JsonSchemaSubset::validate(json(schema), json(instance)).join(u" | "_s), errors);
}

void TestJsonSchemaSubset::checkSchema_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QString>("error");
    QTest::newRow("annotations are fine") << QByteArray(R"({"$schema": "x", "title": "t", "type": "object"})") << QString();
    QTest::newRow("unknown type") << QByteArray(R"({"type": "date"})") << u"/type: unknown type 'date'"_s;
    QTest::newRow("oneOf refused") << QByteArray(R"({"oneOf": []})") << u"/oneOf: keyword 'oneOf' is not supported"_s;
    QTest::newRow("nested refused") << QByteArray(R"({"properties": {"a": {"format": "email"}}})")
                                    << u"/properties/a/format: keyword 'format' is not supported"_s;
    QTest::newRow("bad pattern") << QByteArray(R"({"pattern": "("})") << u"/pattern: pattern is not a valid"_s;
    QTest::newRow("required not a list") << QByteArray(R"({"required": "id"})") << u"/required: required must be a list"_s;
    QTest::newRow("enum not a list") << QByteArray(R"({"enum": "a"})") << u"/enum: enum must be a list"_s;
    QTest::newRow("not an object") << QByteArray(R"("string")") << u"(root): a schema must be an object"_s;
}

void TestJsonSchemaSubset::checkSchema()
{
    QFETCH(QByteArray, schema);
    QFETCH(QString, error);
    const QString actual = JsonSchemaSubset::checkSchema(json(schema));
    if (error.isEmpty())
        QCOMPARE(actual, QString());
    else
        QVERIFY2(actual.startsWith(error), qPrintable(actual));
}

void TestJsonSchemaSubset::boundsNesting()
{
    QByteArray deep = "{\"type\": \"array\"}";
    for (int i = 0; i < 100; ++i)
        deep = "{\"items\": " + deep + "}";
    QVERIFY(JsonSchemaSubset::checkSchema(json(deep)).contains(u"deeper than 64"_s));
    QByteArray instance = "1";
    for (int i = 0; i < 100; ++i)
        instance = "[" + instance + "]";
    const QJsonValue anyItems = json("{\"items\": true}");
    QVERIFY(JsonSchemaSubset::validate(anyItems, json(instance)).isEmpty()); // true needs no descent
}

QTEST_APPLESS_MAIN(TestJsonSchemaSubset)
#include "TestJsonSchemaSubset.moc"
