// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::runLiftoff;

/**
 * `liftoff review` as a reviewer uses it: a seeded sample drawn from a real call log, marks typed
 * on stdin over two sittings, h24.review-sample decided when the last call is marked, and no
 * personal data of the log in the store or on the screen.
 */
class TestReviewCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void reviewOverTwoSittingsDecidesTheItem();
    void noContentSaysWhatToLog();

private:
    QStringList common() const { return {u"--config"_s, m_config, u"--db"_s, m_db}; }
    QJsonObject item(const QString &id);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
    QString m_db;
};

void TestReviewCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = m_dir->filePath(u"liftoff.yaml"_s);
    m_db = m_dir->filePath(u"review.sqlite"_s);
    QFile config(m_config);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("version: 1\nproject: review-bot\nenvironments:\n  production:\n    url: http://127.0.0.1:1\n"
                 "sources:\n  calls:\n    - {jsonl: calls.jsonl}\n  window: 24h\n");
    config.close();
    QFile log(m_dir->filePath(u"calls.jsonl"_s));
    QVERIFY(log.open(QIODevice::WriteOnly));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 12; ++i) {
        const QJsonObject call {{u"ts"_s, now.addSecs(-600 * (i + 1)).toString(Qt::ISODate)},
                                {u"model"_s, u"gpt-4o-mini"_s},
                                {u"prompt"_s, u"Order %1: please mail the invoice to customer%1@example.com"_s.arg(i)},
                                {u"response"_s, u"Sent to customer%1@example.com, card 4111 1111 1111 1111 on file"_s.arg(i)}};
        log.write(QJsonDocument(call).toJson(QJsonDocument::Compact) + "\n");
    }
    // Older than the window: never drawn.
    log.write(QJsonDocument(QJsonObject {{u"ts"_s, now.addDays(-3).toString(Qt::ISODate)}, {u"prompt"_s, u"stale"_s}})
                  .toJson(QJsonDocument::Compact)
              + "\n");
    log.close();
    const auto r = runLiftoff(QStringList {u"deploy"_s, u"new"_s, u"--version"_s, u"v1"_s, u"--name"_s, u"prod-1"_s} + common());
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

QJsonObject TestReviewCli::item(const QString &id)
{
    const auto r = runLiftoff(QStringList {u"status"_s, u"--format"_s, u"json"_s} + common());
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out)[u"items"_s].toArray()) {
        if (v[u"id"_s] == id)
            return v.toObject();
    }
    return {};
}

void TestReviewCli::reviewOverTwoSittingsDecidesTheItem()
{
    // First sitting: a sample of 4 (seed recorded), two marks, a skip, then the input ends.
    auto r = runLiftoff(QStringList {u"review"_s, u"--sample"_s, u"4"_s, u"--seed"_s, u"7"_s, u"--by"_s, u"rita"_s} + common(),
                        {}, "g\nb wrong refund window\ns\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("Drew review sample #1: 4 of 12 calls"), r.out.constData());
    QVERIFY2(r.out.contains("(seed 7)"), r.out.constData());
    QVERIFY2(r.out.contains("2 of 4 calls reviewed (1 bad)"), r.out.constData());
    QVERIFY2(r.out.contains("‹email"), r.out.constData());
    QVERIFY(!r.out.contains("@example.com"));
    QVERIFY(!r.out.contains("4111 1111 1111 1111"));
    QCOMPARE(item(u"h24.review-sample"_s)[u"status"_s].toString(), u"pending"_s); // half a review proves nothing

    // The same sample comes back; a new size is refused without --new.
    r = runLiftoff(QStringList {u"review"_s, u"--sample"_s, u"9"_s} + common());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("already has review sample #1"), r.err.constData());

    // Second sitting: the two left (the skipped one first).
    r = runLiftoff(QStringList {u"review"_s, u"--by"_s, u"sam"_s} + common(), {}, "good\ng fine\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("4 of 4 calls reviewed (1 bad)"), r.out.constData());
    QVERIFY2(r.out.contains("h24.review-sample: warn"), r.out.constData());
    const QJsonObject decided = item(u"h24.review-sample"_s);
    QCOMPARE(decided[u"status"_s].toString(), u"warn"_s);
    QVERIFY2(decided[u"summary"_s].toString().contains(u"1 marked bad"_s), qPrintable(decided[u"summary"_s].toString()));
    const QJsonArray marks = decided[u"evidence"_s][u"marks"_s].toArray();
    QCOMPARE(marks.size(), 4);
    QStringList reviewers;
    for (const QJsonValue &m : marks)
        reviewers.append(m[u"by"_s].toString());
    QCOMPARE(reviewers.count(u"rita"_s), 2);
    QCOMPARE(reviewers.count(u"sam"_s), 2);

    r = runLiftoff(QStringList {u"review"_s, u"--list"_s} + common());
    QVERIFY2(r.out.contains("bad") && r.out.contains("wrong refund window"), r.out.constData());

    // What was stored is masked: no address or card of the log is in the database file.
    QFile store(m_db);
    QVERIFY(store.open(QIODevice::ReadOnly));
    const QByteArray bytes = store.readAll();
    QVERIFY(bytes.contains("wrong refund window"));
    QVERIFY(!bytes.contains("@example.com"));
    QVERIFY(!bytes.contains("4111 1111 1111 1111"));
}

void TestReviewCli::noContentSaysWhatToLog()
{
    QFile log(m_dir->filePath(u"calls.jsonl"_s));
    QVERIFY(log.open(QIODevice::WriteOnly | QIODevice::Truncate));
    log.write(QJsonDocument(QJsonObject {{u"ts"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                                         {u"model"_s, u"gpt-4o"_s},
                                         {u"latency_ms"_s, 900}})
                  .toJson(QJsonDocument::Compact)
              + "\n");
    log.close();
    const auto r = runLiftoff(QStringList {u"review"_s} + common());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("no logged call with a prompt or reply"), r.err.constData());
    QVERIFY2(r.err.contains("JSONL prompt/response"), r.err.constData());
}

QTEST_GUILESS_MAIN(TestReviewCli)
#include "TestReviewCli.moc"
