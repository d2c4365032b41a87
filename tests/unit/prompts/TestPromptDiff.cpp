// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/PromptDiff.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** PromptDiff: line alignment, word ranges, whitespace-only changes, invalid UTF-8. */
class TestPromptDiff : public QObject
{
    Q_OBJECT

private slots:
    void kinds_data();
    void kinds();
    void wordRangesMarkOnlyTheChangedWords();
    void whitespaceOnlyChangeIsFlagged();
    void invalidUtf8IsDecodedWithReplacementAndFlagged();
    void reorderedLinesAreRemovedAndAdded();
    void emptySidesGiveOnlyAddedOrRemoved();
    void longInputsStayBounded();
    void commonSubsequenceIsLongest();
};

namespace {
QString kindsOf(const PromptDiffResult &result)
{
    QStringList out;
    for (const PromptDiffRow &row : result.rows) {
        switch (row.kind) {
        case PromptDiffRow::Kind::Equal: out.append(u"="_s); break;
        case PromptDiffRow::Kind::Changed: out.append(u"~"_s); break;
        case PromptDiffRow::Kind::WhitespaceOnly: out.append(u"w"_s); break;
        case PromptDiffRow::Kind::Removed: out.append(u"-"_s); break;
        case PromptDiffRow::Kind::Added: out.append(u"+"_s); break;
        }
    }
    return out.join(QString());
}
} // namespace

void TestPromptDiff::kinds_data()
{
    QTest::addColumn<QByteArray>("left");
    QTest::addColumn<QByteArray>("right");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("changed");
    QTest::newRow("identical") << QByteArray("a\nb\n") << QByteArray("a\nb\n") << u"=="_s << 0;
    QTest::newRow("line added at end") << QByteArray("a\nb\n") << QByteArray("a\nb\nc\n") << u"==+"_s << 1;
    QTest::newRow("line added in middle") << QByteArray("a\nc\n") << QByteArray("a\nb\nc\n") << u"=+="_s << 1;
    QTest::newRow("line removed") << QByteArray("a\nb\nc\n") << QByteArray("a\nc\n") << u"=-="_s << 1;
    QTest::newRow("line changed") << QByteArray("a\nold words\nc\n") << QByteArray("a\nnew words\nc\n") << u"=~="_s << 1;
    QTest::newRow("indent only") << QByteArray("a\n  b\n") << QByteArray("a\n    b\n") << u"=w"_s << 1;
    QTest::newRow("trailing space") << QByteArray("a\nb\n") << QByteArray("a\nb \n") << u"=w"_s << 1;
    QTest::newRow("CRLF against LF") << QByteArray("a\r\nb\r\n") << QByteArray("a\nb\n") << u"=="_s << 0;
    QTest::newRow("no final newline") << QByteArray("a\nb") << QByteArray("a\nb\n") << u"=="_s << 0;
    QTest::newRow("two changed, one added") << QByteArray("x\n1\n2\ny\n") << QByteArray("x\n1a\n2a\n3a\ny\n")
                                            << u"=~~+="_s << 3;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << QString() << 0;
}

void TestPromptDiff::kinds()
{
    QFETCH(QByteArray, left);
    QFETCH(QByteArray, right);
    QFETCH(QString, expected);
    QFETCH(int, changed);
    const PromptDiffResult result = PromptDiff::compare(left, right);
    QCOMPARE(kindsOf(result), expected);
    QCOMPARE(result.changedRows, changed);
    // Every line of both sides appears exactly once, in order.
    int nextLeft = 0;
    int nextRight = 0;
    for (const PromptDiffRow &row : result.rows) {
        if (row.leftLine)
            QCOMPARE(*row.leftLine, nextLeft++);
        if (row.rightLine)
            QCOMPARE(*row.rightLine, nextRight++);
    }
    QCOMPARE(nextLeft, int(PromptDiff::splitLines(QString::fromUtf8(left)).size()));
    QCOMPARE(nextRight, int(PromptDiff::splitLines(QString::fromUtf8(right)).size()));
}

void TestPromptDiff::wordRangesMarkOnlyTheChangedWords()
{
    const PromptDiffResult result = PromptDiff::compare("Be brief and friendly.\n", "Be brief, friendly and precise.\n");
    QCOMPARE(result.rows.size(), 1);
    const PromptDiffRow &row = result.rows.first();
    QCOMPARE(row.kind, PromptDiffRow::Kind::Changed);
    QVERIFY(!row.leftRanges.isEmpty());
    QVERIFY(!row.rightRanges.isEmpty());
    QStringList added;
    for (const auto &[start, length] : row.rightRanges)
        added.append(row.rightText.mid(start, length));
    const QString joined = added.join(u'|');
    QVERIFY2(joined.contains(u"precise"_s), qPrintable(joined));
    QVERIFY2(!joined.contains(u"brief"_s), qPrintable(joined)); // unchanged words are not marked
    for (const auto &[start, length] : row.leftRanges)
        QVERIFY(!row.leftText.mid(start, length).contains(u"Be"_s));
}

void TestPromptDiff::whitespaceOnlyChangeIsFlagged()
{
    const PromptDiffResult result = PromptDiff::compare("Ask for the order number first.\n",
                                                        "  Ask for the order number first. \n");
    QCOMPARE(result.whitespaceOnlyRows, 1);
    const PromptDiffRow &row = result.rows.first();
    QCOMPARE(row.kind, PromptDiffRow::Kind::WhitespaceOnly);
    QCOMPARE(row.rightRanges.size(), 2); // leading and trailing whitespace
    for (const auto &[start, length] : row.rightRanges)
        QVERIFY(row.rightText.mid(start, length).trimmed().isEmpty());
    QVERIFY(PromptDiff::sameIgnoringWhitespace(u"a  b\t c", u" a b c "));
    QVERIFY(!PromptDiff::sameIgnoringWhitespace(u"ab c", u"a b c"));
}

void TestPromptDiff::invalidUtf8IsDecodedWithReplacementAndFlagged()
{
    const QByteArray bad("caf\xe9 menu\n\xff\xfe\n", 13);
    const PromptDiffResult result = PromptDiff::compare(bad, "café menu\n");
    QVERIFY(result.leftLossy);
    QVERIFY(!result.rightLossy);
    QVERIFY(result.rows.first().leftText.contains(QChar(QChar::ReplacementCharacter)));
    bool lossy = false;
    QCOMPARE(PromptDiff::decode(QByteArray("a\0b", 3), &lossy), u"a\uFFFDb"_s);
    QVERIFY(lossy);
}

void TestPromptDiff::reorderedLinesAreRemovedAndAdded()
{
    const PromptDiffResult result = PromptDiff::compare("one\ntwo\nthree\n", "three\none\ntwo\n");
    QCOMPARE(kindsOf(result), u"+==-"_s);
}

void TestPromptDiff::emptySidesGiveOnlyAddedOrRemoved()
{
    QCOMPARE(kindsOf(PromptDiff::compare({}, "a\nb\n")), u"++"_s);
    QCOMPARE(kindsOf(PromptDiff::compare("a\nb\n", {})), u"--"_s);
}

void TestPromptDiff::longInputsStayBounded()
{
    QByteArray left;
    QByteArray right;
    for (int i = 0; i < 5000; ++i) {
        left += "line " + QByteArray::number(i) + '\n';
        right += "other " + QByteArray::number(i) + '\n';
    }
    const PromptDiffResult result = PromptDiff::compare(left, right);
    QCOMPARE(result.changedRows, 5000); // all changed: paired up, nothing lost
    const QByteArray longLine(10000, 'x');
    const PromptDiffResult wide = PromptDiff::compare(longLine, longLine + 'y');
    QCOMPARE(wide.rows.first().rightRanges.size(), 1); // no word diff: the whole line is marked
}

void TestPromptDiff::commonSubsequenceIsLongest()
{
    const QStringList a {u"a"_s, u"b"_s, u"c"_s, u"a"_s, u"b"_s, u"b"_s, u"a"_s};
    const QStringList b {u"c"_s, u"b"_s, u"a"_s, u"b"_s, u"a"_s, u"c"_s};
    const auto common = PromptDiff::commonSubsequence(a, b);
    QCOMPARE(common.size(), 4); // the classic Myers example: edit distance 5
    for (qsizetype i = 0; i < common.size(); ++i) {
        QCOMPARE(a.at(common[i].first), b.at(common[i].second));
        if (i > 0) {
            QVERIFY(common[i].first > common[i - 1].first);
            QVERIFY(common[i].second > common[i - 1].second);
        }
    }
}

QTEST_APPLESS_MAIN(TestPromptDiff)
#include "TestPromptDiff.moc"
