// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/UsdAmount.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** Exact money: Anthropic's cents strings and JSON numbers become nano-USD without binary rounding. */
class TestUsdAmount : public QObject
{
    Q_OBJECT

private slots:
    void centsStringsConvertExactly_data();
    void centsStringsConvertExactly();
    void malformedAmountsAreRefused_data();
    void malformedAmountsAreRefused();
    void jsonNumbersUseTheirShortestText_data();
    void jsonNumbersUseTheirShortestText();
    void formatsWithoutTrailingZeros_data();
    void formatsWithoutTrailingZeros();
};

void TestUsdAmount::centsStringsConvertExactly_data()
{
    QTest::addColumn<QString>("cents");
    QTest::addColumn<qint64>("nanos");
    QTest::newRow("docs example 123.45 cents = $1.2345") << u"123.45"_s << qint64(1234500000);
    QTest::newRow("sample 412.35") << u"412.35"_s << qint64(4123500000);
    QTest::newRow("sample 1236.9") << u"1236.9"_s << qint64(12369000000);
    QTest::newRow("sample 205.125") << u"205.125"_s << qint64(2051250000);
    QTest::newRow("integer 30") << u"30"_s << qint64(300000000);
    QTest::newRow("zero") << u"0"_s << qint64(0);
    QTest::newRow("zero with fraction") << u"0.000"_s << qint64(0);
    QTest::newRow("one nano-USD") << u"0.0000001"_s << qint64(1);
    QTest::newRow("half a nano rounds away from zero") << u"0.00000005"_s << qint64(1);
    QTest::newRow("below half a nano rounds down") << u"0.00000004"_s << qint64(0);
    QTest::newRow("leading point") << u".5"_s << qint64(5000000);
    QTest::newRow("trailing point") << u"12."_s << qint64(120000000);
    QTest::newRow("negative credit") << u"-12.5"_s << qint64(-125000000);
    QTest::newRow("explicit plus") << u"+1"_s << qint64(10000000);
    QTest::newRow("leading zeros") << u"000123.45"_s << qint64(1234500000);
    QTest::newRow("a million dollars") << u"100000000"_s << qint64(1000000000000000);
    QTest::newRow("17 significant digits stay exact") << u"12345678901.234567"_s << qint64(123456789012345670);
}

void TestUsdAmount::centsStringsConvertExactly()
{
    QFETCH(QString, cents);
    QFETCH(qint64, nanos);
    const std::optional<qint64> value = UsdAmount::fromCentsString(cents);
    QVERIFY(value.has_value());
    QCOMPARE(*value, nanos);
}

void TestUsdAmount::malformedAmountsAreRefused_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("letters") << u"abc"_s;
    QTest::newRow("exponent") << u"1e3"_s;
    QTest::newRow("grouping") << u"1,000"_s;
    QTest::newRow("space") << u" 1"_s;
    QTest::newRow("two points") << u"1.2.3"_s;
    QTest::newRow("sign only") << u"-"_s;
    QTest::newRow("point only") << u"."_s;
    QTest::newRow("overflow") << u"99999999999999999999"_s;
    QTest::newRow("NaN") << u"NaN"_s;
}

void TestUsdAmount::malformedAmountsAreRefused()
{
    QFETCH(QString, text);
    QVERIFY(!UsdAmount::fromCentsString(text).has_value());
}

void TestUsdAmount::jsonNumbersUseTheirShortestText_data()
{
    QTest::addColumn<double>("usd");
    QTest::addColumn<qint64>("nanos");
    QTest::newRow("3.4172") << 3.4172 << qint64(3417200000);
    QTest::newRow("5.121") << 5.121 << qint64(5121000000);
    QTest::newRow("0.0040975") << 0.0040975 << qint64(4097500);
    QTest::newRow("0.1 + 0.2") << (0.1 + 0.2) << qint64(300000000);
    QTest::newRow("100.0") << 100.0 << qint64(100000000000);
    QTest::newRow("0.1015644762") << 0.1015644762 << qint64(101564476);
    QTest::newRow("tiny") << 1e-12 << qint64(0);
}

void TestUsdAmount::jsonNumbersUseTheirShortestText()
{
    QFETCH(double, usd);
    QFETCH(qint64, nanos);
    QCOMPARE(UsdAmount::fromDouble(usd).value_or(-1), nanos);
}

void TestUsdAmount::formatsWithoutTrailingZeros_data()
{
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << u"0"_s;
    QTest::newRow("whole") << qint64(12000000000) << u"12"_s;
    QTest::newRow("fraction") << qint64(3417200000) << u"3.4172"_s;
    QTest::newRow("one nano") << qint64(1) << u"0.000000001"_s;
    QTest::newRow("negative") << qint64(-125000000) << u"-0.125"_s;
}

void TestUsdAmount::formatsWithoutTrailingZeros()
{
    QFETCH(qint64, nanos);
    QFETCH(QString, text);
    QCOMPARE(UsdAmount::toString(nanos), text);
    QCOMPARE(UsdAmount::parseDecimal(text).value_or(-42), nanos);
}

QTEST_APPLESS_MAIN(TestUsdAmount)
#include "TestUsdAmount.moc"
