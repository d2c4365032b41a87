// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/PiiDetector.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** PiiDetector over tables of valid and invalid checksums, near misses and look-alikes. */
class TestPiiDetector : public QObject
{
    Q_OBJECT

private slots:
    void findsOrIgnores_data();
    void findsOrIgnores();
    void luhn_data();
    void luhn();
    void iban_data();
    void iban();
    void ssn_data();
    void ssn();
    void topLevelDomains();
    void samplesKeepOnlyFirstAndLastCharacters();
    void onlyEnabledKindsAreFound();
    void longAndBinaryInputIsBounded();
};

void TestPiiDetector::findsOrIgnores_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("kind");     // empty: nothing is found
    QTest::addColumn<QByteArray>("match"); // the exact bytes found

    // e-mail
    QTest::newRow("email") << QByteArray("write to jane.doe+shop@mail.example.com today") << u"email"_s
                           << QByteArray("jane.doe+shop@mail.example.com");
    QTest::newRow("email at sentence end") << QByteArray("It is bob@acme.co.uk.") << u"email"_s << QByteArray("bob@acme.co.uk");
    QTest::newRow("email reserved tld") << QByteArray("bot@shop.test and root@localhost") << QString() << QByteArray();
    QTest::newRow("email fake tld") << QByteArray("me@host.notatld") << QString() << QByteArray();
    QTest::newRow("npm version at") << QByteArray("install left-pad@1.3.0 now") << QString() << QByteArray();
    QTest::newRow("handle") << QByteArray("ping @liftoff on chat") << QString() << QByteArray();
    // cards
    QTest::newRow("visa") << QByteArray("card 4111111111111111 exp 12/29") << u"card"_s << QByteArray("4111111111111111");
    QTest::newRow("visa grouped") << QByteArray("4242 4242 4242 4242") << u"card"_s << QByteArray("4242 4242 4242 4242");
    QTest::newRow("mastercard dashes") << QByteArray("mc: 5555-5555-5555-4444.") << u"card"_s
                                       << QByteArray("5555-5555-5555-4444");
    QTest::newRow("amex") << QByteArray("amex 378282246310005") << u"card"_s << QByteArray("378282246310005");
    QTest::newRow("card then number") << QByteArray("4111 1111 1111 1111 2") << u"card"_s
                                      << QByteArray("4111 1111 1111 1111");
    QTest::newRow("luhn fails") << QByteArray("card 4111111111111112") << QString() << QByteArray();
    QTest::newRow("unknown issuer") << QByteArray("id 9111111111111111") << QString() << QByteArray();
    QTest::newRow("epoch nanos") << QByteArray("\"startTimeUnixNano\":\"1767348930123000000\"") << QString() << QByteArray();
    QTest::newRow("digits in a word") << QByteArray("order_4111111111111111x") << QString() << QByteArray();
    QTest::newRow("mixed separators") << QByteArray("4111 1111-1111 1111") << QString() << QByteArray();
    // IBAN
    QTest::newRow("iban de grouped") << QByteArray("IBAN DE89 3704 0044 0532 0130 00 please") << u"iban"_s
                                     << QByteArray("DE89 3704 0044 0532 0130 00");
    QTest::newRow("iban gb compact") << QByteArray("to GB82WEST12345698765432.") << u"iban"_s << QByteArray("GB82WEST12345698765432");
    QTest::newRow("iban bad check digits") << QByteArray("DE88 3704 0044 0532 0130 00") << QString() << QByteArray();
    QTest::newRow("iban wrong length") << QByteArray("DE89 3704 0044 0532 0130 0") << QString() << QByteArray();
    QTest::newRow("iban unknown country") << QByteArray("ZZ89370400440532013000") << QString() << QByteArray();
    // SSN
    QTest::newRow("ssn") << QByteArray("SSN 536-22-8174 on file") << u"ssn"_s << QByteArray("536-22-8174");
    QTest::newRow("ssn spaces") << QByteArray("ssn 536 22 8174") << u"ssn"_s << QByteArray("536 22 8174");
    QTest::newRow("ssn sample") << QByteArray("e.g. 078-05-1120") << QString() << QByteArray();
    QTest::newRow("ssn 123-45-6789") << QByteArray("like 123-45-6789") << QString() << QByteArray();
    QTest::newRow("ssn area 666") << QByteArray("666-22-8174") << QString() << QByteArray();
    QTest::newRow("ssn area 9xx") << QByteArray("912-22-8174") << QString() << QByteArray();
    QTest::newRow("ssn group 00") << QByteArray("536-00-8174") << QString() << QByteArray();
    QTest::newRow("ssn serial 0000") << QByteArray("536-22-0000") << QString() << QByteArray();
    QTest::newRow("ssn mixed separators") << QByteArray("536-22 8174") << QString() << QByteArray();
    QTest::newRow("ssn in a longer number") << QByteArray("536-22-8174-9") << QString() << QByteArray();
    QTest::newRow("date") << QByteArray("on 2026-10-25") << QString() << QByteArray();
    // phones
    QTest::newRow("phone intl") << QByteArray("reach me on +1 (415) 555-0132 anytime") << u"phone"_s
                                << QByteArray("+1 (415) 555-0132");
    QTest::newRow("phone intl compact") << QByteArray("+4915112345678") << u"phone"_s << QByteArray("+4915112345678");
    QTest::newRow("phone uk") << QByteArray("+44 20 7946 0958.") << u"phone"_s << QByteArray("+44 20 7946 0958");
    QTest::newRow("phone national with word") << QByteArray("my phone: 415-555-0132") << u"phone"_s << QByteArray("415-555-0132");
    QTest::newRow("phone national mobile") << QByteArray("Mobile 07700 900123") << u"phone"_s << QByteArray("07700 900123");
    QTest::newRow("national without word") << QByteArray("order 415-555-0132") << QString() << QByteArray();
    QTest::newRow("intl too short") << QByteArray("+12 345") << QString() << QByteArray();
    QTest::newRow("plus inside expression") << QByteArray("a+12345678") << QString() << QByteArray();
    QTest::newRow("word tell is no context") << QByteArray("tell me 4155550132") << QString() << QByteArray();
    // IP addresses
    QTest::newRow("ipv4") << QByteArray("client 203.0.113.7 connected") << u"ip"_s << QByteArray("203.0.113.7");
    QTest::newRow("ipv4 private") << QByteArray("from 10.20.3.14:443") << u"ip"_s << QByteArray("10.20.3.14");
    QTest::newRow("ipv6") << QByteArray("peer 2001:db8::8a2e:370:7334 said") << u"ip"_s << QByteArray("2001:db8::8a2e:370:7334");
    QTest::newRow("ipv4 loopback") << QByteArray("listening on 127.0.0.1:8080") << QString() << QByteArray();
    QTest::newRow("ipv4 any") << QByteArray("bind 0.0.0.0") << QString() << QByteArray();
    QTest::newRow("ipv6 loopback") << QByteArray("bind ::1 ok") << QString() << QByteArray();
    QTest::newRow("version v") << QByteArray("upgrade to v1.2.3.4") << QString() << QByteArray();
    QTest::newRow("version word") << QByteArray("Version 10.0.19041.1 installed") << QString() << QByteArray();
    QTest::newRow("five parts") << QByteArray("1.2.3.4.5") << QString() << QByteArray();
    QTest::newRow("octet too big") << QByteArray("300.1.2.3") << QString() << QByteArray();
    QTest::newRow("leading zero") << QByteArray("01.02.03.04") << QString() << QByteArray();
    QTest::newRow("clock time") << QByteArray("at 10:15:30.123Z") << QString() << QByteArray();
    QTest::newRow("cpp scope") << QByteArray("std::string and a::b") << QString() << QByteArray();
    // ordinary text
    QTest::newRow("plain") << QByteArray("Your refund of 30 days was approved; order #12345.") << QString() << QByteArray();
    QTest::newRow("utf8") << QByteArray("Grüße, Jürgen — ça va? 日本語") << QString() << QByteArray();
}

void TestPiiDetector::findsOrIgnores()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, kind);
    QFETCH(QByteArray, match);
    const PiiDetector detector;
    const std::string_view view(text.constData(), std::size_t(text.size()));
    const QList<PiiMatch> found = detector.findAll(view);
    if (kind.isEmpty()) {
        for (const PiiMatch &m : found)
            qWarning("unexpected %s: %s", qPrintable(PiiKindText::toString(m.kind)),
                     std::string(view.substr(m.offset, m.length)).c_str());
        QVERIFY(found.isEmpty());
        return;
    }
    QCOMPARE(found.size(), 1);
    QCOMPARE(PiiKindText::toString(found.first().kind), kind);
    QCOMPARE(QByteArray(text.constData() + found.first().offset, qsizetype(found.first().length)), match);
}

void TestPiiDetector::luhn_data()
{
    QTest::addColumn<QByteArray>("digits");
    QTest::addColumn<bool>("valid");
    QTest::newRow("visa") << QByteArray("4111111111111111") << true;
    QTest::newRow("amex") << QByteArray("378282246310005") << true;
    QTest::newRow("discover") << QByteArray("6011111111111117") << true;
    QTest::newRow("mc 2-series") << QByteArray("2223003122003222") << true;
    QTest::newRow("one off") << QByteArray("4111111111111121") << false;
    QTest::newRow("swapped digits") << QByteArray("4111111111111111"
                                                  "") << true;
    QTest::newRow("transposed") << QByteArray("3782822463100050") << false;
    QTest::newRow("single digit") << QByteArray("0") << false;
}

void TestPiiDetector::luhn()
{
    QFETCH(QByteArray, digits);
    QFETCH(bool, valid);
    QCOMPARE(PiiDetector::luhnValid(std::string_view(digits.constData(), std::size_t(digits.size()))), valid);
}

void TestPiiDetector::iban_data()
{
    QTest::addColumn<QByteArray>("iban");
    QTest::addColumn<bool>("valid");
    QTest::newRow("DE") << QByteArray("DE89370400440532013000") << true;
    QTest::newRow("GB") << QByteArray("GB82WEST12345698765432") << true;
    QTest::newRow("FR") << QByteArray("FR1420041010050500013M02606") << true;
    QTest::newRow("NL") << QByteArray("NL91ABNA0417164300") << true;
    QTest::newRow("NO shortest") << QByteArray("NO9386011117947") << true;
    QTest::newRow("CH") << QByteArray("CH9300762011623852957") << true;
    QTest::newRow("DE check digits off") << QByteArray("DE89370400440532013001") << false;
    QTest::newRow("DE too short") << QByteArray("DE8937040044053201300") << false;
    QTest::newRow("GB length of DE") << QByteArray("GB8237040044053201300") << false;
    QTest::newRow("lower case") << QByteArray("de89370400440532013000") << false;
    QTest::newRow("unknown country") << QByteArray("QQ89370400440532013000") << false;
}

void TestPiiDetector::iban()
{
    QFETCH(QByteArray, iban);
    QFETCH(bool, valid);
    QCOMPARE(PiiDetector::ibanValid(std::string_view(iban.constData(), std::size_t(iban.size()))), valid);
}

void TestPiiDetector::ssn_data()
{
    QTest::addColumn<QByteArray>("ssn");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ok") << QByteArray("536-22-8174") << true;
    QTest::newRow("ok spaces") << QByteArray("536 22 8174") << true;
    QTest::newRow("area 000") << QByteArray("000-22-8174") << false;
    QTest::newRow("area 666") << QByteArray("666-22-8174") << false;
    QTest::newRow("area 900") << QByteArray("900-22-8174") << false;
    QTest::newRow("area 999") << QByteArray("999-22-8174") << false;
    QTest::newRow("group 00") << QByteArray("536-00-8174") << false;
    QTest::newRow("serial 0000") << QByteArray("536-22-0000") << false;
    QTest::newRow("all equal") << QByteArray("111-11-1111") << false;
    QTest::newRow("woolworth") << QByteArray("078-05-1120") << false;
    QTest::newRow("sequence") << QByteArray("123-45-6789") << false;
    QTest::newRow("separators differ") << QByteArray("536-22 8174") << false;
    QTest::newRow("dots") << QByteArray("536.22.8174") << false;
}

void TestPiiDetector::ssn()
{
    QFETCH(QByteArray, ssn);
    QFETCH(bool, valid);
    QCOMPARE(PiiDetector::ssnValid(std::string_view(ssn.constData(), std::size_t(ssn.size()))), valid);
}

void TestPiiDetector::topLevelDomains()
{
    QVERIFY(PiiDetector::isTopLevelDomain("com"));
    QVERIFY(PiiDetector::isTopLevelDomain("DE"));
    QVERIFY(PiiDetector::isTopLevelDomain("io"));
    QVERIFY(!PiiDetector::isTopLevelDomain("test"));
    QVERIFY(!PiiDetector::isTopLevelDomain("localhost"));
    QVERIFY(!PiiDetector::isTopLevelDomain("qq1"));
    QVERIFY(!PiiDetector::isTopLevelDomain("x"));
}

void TestPiiDetector::samplesKeepOnlyFirstAndLastCharacters()
{
    QCOMPARE(PiiDetector::sample("jane.doe@mail.example.com"), u"j…m"_s);
    QCOMPARE(PiiDetector::sample("4111 1111 1111 1111"), u"4…1"_s);
    QCOMPARE(PiiDetector::sample("ab"), u"…"_s);
    QCOMPARE(PiiDetector::sample("jürgen@müller.de"), u"j…e"_s);
}

void TestPiiDetector::onlyEnabledKindsAreFound()
{
    const QByteArray text("mail jane@example.com card 4111111111111111 ip 203.0.113.7");
    const std::string_view view(text.constData(), std::size_t(text.size()));
    const QList<PiiMatch> cardsOnly = PiiDetector({PiiKind::Card}).findAll(view);
    QCOMPARE(cardsOnly.size(), 1);
    QCOMPARE(cardsOnly.first().kind, PiiKind::Card);
    QCOMPARE(PiiDetector().findAll(view).size(), 3);
    QVERIFY(PiiDetector(QList<PiiKind> {}).findAll(view).isEmpty());
}

void TestPiiDetector::longAndBinaryInputIsBounded()
{
    // A megabyte of digits, of '@' and of random bytes: linear, no crash, no finding made up.
    const QByteArray digits(1024 * 1024, '7');
    QVERIFY(PiiDetector().findAll(std::string_view(digits.constData(), std::size_t(digits.size()))).isEmpty());
    const QByteArray ats(1024 * 1024, '@');
    QVERIFY(PiiDetector().findAll(std::string_view(ats.constData(), std::size_t(ats.size()))).isEmpty());
    QByteArray bytes(1024 * 1024, '\0');
    for (qsizetype i = 0; i < bytes.size(); ++i)
        bytes[i] = char((i * 2654435761u) >> 13);
    PiiDetector().findAll(std::string_view(bytes.constData(), std::size_t(bytes.size())));
}

QTEST_APPLESS_MAIN(TestPiiDetector)
#include "TestPiiDetector.moc"
