// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/ItemState.h"
#include "review/ReviewCallReader.h"
#include "sources/CallContentReader.h"
#include "review/ReviewMasker.h"
#include "review/ReviewOutcome.h"
#include "review/ReviewRepository.h"
#include "review/ReviewSampleBuilder.h"
#include "review/ReviewSampler.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "PostgresServer.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** The review queue of h24.review-sample: the seeded draw, the readers, masking, the store. */
class TestReviewQueue : public QObject
{
    Q_OBJECT

private slots:
    void samplerIsSeededAndUniform();
    void samplerKeepsAllWhenFewer();
    void readsEveryFormatsContent_data();
    void readsEveryFormatsContent();
    void readerBoundsAndSkipsBadRecords();
    void maskerHidesPiiAndKeys();
    void builderDrawsMasksAndNotes();
    void repositoryRoundTripAndAudit();
    void outcomePassesOrWarns();

private:
    static CallSourceInput fileInput(const QString &path, CallLogFormat format = CallLogFormat::Auto);
    QTemporaryDir m_dir;
};

CallSourceInput TestReviewQueue::fileInput(const QString &path, CallLogFormat format)
{
    CallSourceInput input;
    input.label = path;
    input.filePath = path;
    input.format = format;
    return input;
}

void TestReviewQueue::samplerIsSeededAndUniform()
{
    const auto draw = [](quint64 seed) {
        ReviewSampler sampler(5, seed);
        for (int i = 0; i < 1000; ++i) {
            ReviewCall call;
            call.ref = QString::number(i);
            call.timeMs = i;
            sampler.offer(call);
        }
        QStringList refs;
        for (const ReviewCall &c : sampler.take())
            refs.append(c.ref);
        return refs;
    };
    QCOMPARE(draw(42), draw(42));
    QVERIFY(draw(42) != draw(43));
    // Uniform enough: over many seeds every tenth of the log is drawn about as often.
    QList<int> buckets(10, 0);
    for (quint64 seed = 0; seed < 400; ++seed) {
        for (const QString &ref : draw(seed))
            ++buckets[ref.toInt() / 100];
    }
    for (int count : std::as_const(buckets))
        QVERIFY2(count > 120 && count < 280, qPrintable(QString::number(count))); // expected 200
    // Numbered in time order.
    ReviewSampler sampler(3, 7);
    for (int t : {30, 10, 20}) {
        ReviewCall call;
        call.timeMs = t;
        sampler.offer(call);
    }
    const QList<ReviewCall> calls = sampler.take();
    QCOMPARE(calls.at(0).timeMs, std::optional<qint64>(10));
    QCOMPARE(calls.at(2).position, 3);
}

void TestReviewQueue::samplerKeepsAllWhenFewer()
{
    ReviewSampler sampler(20, 1);
    for (int i = 0; i < 3; ++i)
        sampler.offer(ReviewCall {});
    QCOMPARE(sampler.take().size(), 3);
    QCOMPARE(sampler.offered(), 3);
}

void TestReviewQueue::readsEveryFormatsContent_data()
{
    QTest::addColumn<QByteArray>("log");
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("model");
    const QByteArray otelNew = R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"ab12","startTimeUnixNano":"1767348930123000000","attributes":[)"
                               R"({"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},)"
                               R"({"key":"gen_ai.input.messages","value":{"stringValue":"[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Where is my order?\"}]}]"}},)"
                               R"({"key":"gen_ai.output.messages","value":{"stringValue":"[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It ships today.\"}]}]"}}]},)"
                               R"({"spanId":"cd34","attributes":[{"key":"http.method","value":{"stringValue":"GET"}}]}]}]}]})";
    QTest::newRow("otel attributes") << otelNew << u"user: Where is my order?"_s << u"assistant: It ships today."_s << u"gpt-4o"_s;
    const QByteArray otelEvents = R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"ef56","startTimeUnixNano":"1767348930123000000","attributes":[)"
                                  R"({"key":"gen_ai.system","value":{"stringValue":"openai"}},{"key":"gen_ai.response.model","value":{"stringValue":"gpt-4o-mini-2024-07-18"}}],)"
                                  R"("events":[{"name":"gen_ai.user.message","attributes":[{"key":"content","value":{"stringValue":"Cancel it"}}]},)"
                                  R"({"name":"gen_ai.choice","attributes":[{"key":"message","value":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"Cancelled."}}]}}}]}]}]}]}]})";
    QTest::newRow("otel events") << otelEvents << u"user: Cancel it"_s << u"assistant: Cancelled."_s << u"gpt-4o-mini-2024-07-18"_s;
    QTest::newRow("litellm row") << QByteArray(R"({"request_id":"r1","call_type":"acompletion","spend":0.0012,"startTime":"2026-01-02T10:15:30Z","model":"claude-sonnet-4-5",)"
                                               R"("messages":[{"role":"user","content":"Refund?"}],"response":{"choices":[{"message":{"role":"assistant","content":"Within 30 days."}}]}})")
                                 << u"user: Refund?"_s << u"assistant: Within 30 days."_s << u"claude-sonnet-4-5"_s;
    QTest::newRow("jsonl") << QByteArray(R"({"ts":"2026-01-02T10:15:30Z","model":"m1","prompt":"Hi","response":"Hello"})")
                           << u"user: Hi"_s << u"assistant: Hello"_s << u"m1"_s;
}

void TestReviewQueue::readsEveryFormatsContent()
{
    QFETCH(QByteArray, log);
    QFETCH(QString, prompt);
    QFETCH(QString, reply);
    QFETCH(QString, model);
    const QString path = m_dir.filePath(u"calls-%1.jsonl"_s.arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(log + "\n");
    file.close();
    QList<ReviewCall> calls;
    const auto result = ReviewCallReader::read(fileInput(path), std::nullopt, std::nullopt,
                                               [&](ReviewCall &&c) { calls.append(std::move(c)); });
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(calls.size(), 1); // the HTTP span of the same trace is not a call
    QCOMPARE(calls.at(0).prompt, prompt);
    QCOMPARE(calls.at(0).response, reply);
    QCOMPARE(calls.at(0).model, model);
    QVERIFY(calls.at(0).timeMs.has_value());
    QVERIFY(calls.at(0).ref.startsWith(path + u":1"_s));
}

void TestReviewQueue::readerBoundsAndSkipsBadRecords()
{
    const QString path = m_dir.filePath(u"hostile.jsonl"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"ts":"2026-01-02T10:00:00Z","prompt":"before","response":"ok"})" "\n");
    file.write("{\"prompt\":\"" + QByteArray(CallContentReader::DEFAULT_MAX_LINE_BYTES + 10, 'x') + "\"}\n");
    file.write("\xff\xfe not json\n");
    file.write(R"({"ts":"2026-01-02T12:00:00Z","prompt":"after","response":"ok"})" "\n");
    file.write(R"({"ts":"2026-01-03T12:00:00Z","prompt":"outside the window","response":"ok"})" "\n");
    file.close();
    QStringList prompts;
    const qint64 from = QDateTime(QDate(2026, 1, 2), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 to = QDateTime(QDate(2026, 1, 2), QTime(23, 59), Qt::UTC).toMSecsSinceEpoch();
    const auto result = ReviewCallReader::read(fileInput(path), from, to, [&](ReviewCall &&c) { prompts.append(c.prompt); });
    QCOMPARE(prompts, (QStringList {u"user: before"_s, u"user: after"_s}));
    QCOMPARE(result.skipped, 2);
    QCOMPARE(result.records, 3);
    QCOMPARE(result.withContent, 2);
    const auto missing = ReviewCallReader::read(fileInput(m_dir.filePath(u"nope.jsonl"_s)), {}, {}, [](ReviewCall &&) {});
    QVERIFY(missing.error.contains(u"nope.jsonl"_s));
}

void TestReviewQueue::maskerHidesPiiAndKeys()
{
    QString key = u"sk-proj-"_s;
    for (int i = 0; i < 60; ++i)
        key += QChar(u'a' + i % 26);
    const ReviewMasker masker({u"hunter2-secret"_s});
    const QString masked = masker.mask(u"mail jane.doe@example.com, card 4111 1111 1111 1111, key %1, pw hunter2-secret"_s.arg(key));
    QVERIFY2(!masked.contains(u"jane.doe@example.com"_s), qPrintable(masked));
    QVERIFY2(!masked.contains(u"4111 1111 1111 1111"_s), qPrintable(masked));
    QVERIFY2(!masked.contains(key.mid(8, 30)), qPrintable(masked));
    QVERIFY2(!masked.contains(u"hunter2-secret"_s), qPrintable(masked));
    QVERIFY2(masked.contains(u"‹email"_s) && masked.contains(u"‹card"_s), qPrintable(masked));
    QVERIFY(masker.mask(QString(ReviewMasker::MAX_TEXT_CHARS + 100, u'a')).endsWith(u"characters]"_s));
}

void TestReviewQueue::builderDrawsMasksAndNotes()
{
    const QString path = m_dir.filePath(u"many.jsonl"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 50; ++i)
        file.write(u"{\"ts\":\"2026-01-02T10:%1:00Z\",\"prompt\":\"call %2 from a%2@example.org\",\"response\":\"ok\"}\n"_s
                       .arg(i % 60, 2, 10, QChar(u'0'))
                       .arg(i)
                       .toUtf8());
    file.write(R"({"ts":"2026-01-02T11:00:00Z","model":"no content"})" "\n");
    file.close();
    ReviewSampleBuilder::Request request;
    request.inputs = {fileInput(path)};
    request.size = 7;
    request.seed = 99;
    QString error;
    QString note;
    const ReviewSample a = ReviewSampleBuilder::build(request, &error, &note);
    QVERIFY(error.isEmpty());
    QCOMPARE(a.calls.size(), 7);
    QCOMPARE(a.population, 50);
    QVERIFY2(note.contains(u"1 of 51 logged calls carry no prompt"_s), qPrintable(note));
    for (const ReviewCall &c : a.calls)
        QVERIFY2(!c.prompt.contains(u"@example.org"_s), qPrintable(c.prompt));
    const ReviewSample b = ReviewSampleBuilder::build(request, &error, &note);
    for (qsizetype i = 0; i < a.calls.size(); ++i)
        QCOMPARE(a.calls.at(i).ref, b.calls.at(i).ref); // the recorded seed reproduces the draw
}

void TestReviewQueue::repositoryRoundTripAndAudit()
{
    QString path = m_dir.filePath(u"review.sqlite"_s);
    // The same round trip on a team's PostgreSQL store (issue 13).
    std::unique_ptr<PostgresServer> postgres;
    if (PostgresServer::storeTestsOnPostgres()) {
        postgres = std::make_unique<PostgresServer>();
        LIFTOFF_REQUIRE_POSTGRES(*postgres);
        path = postgres->createFreshDatabase();
        QVERIFY2(!path.isEmpty(), qPrintable(postgres->errorString()));
    }
    qint64 deploymentId = 0;
    qint64 sampleId = 0;
    {
        Database db;
        QVERIFY(!db.open(path).isError());
        ChecklistRepository checklist(db);
        qint64 projectId = 0;
        QVERIFY(!checklist.ensureProject(u"review-bot"_s, u"/x/liftoff.yaml"_s, &projectId).isError());
        DeploymentRecord d;
        d.projectId = projectId;
        d.name = u"prod-1"_s;
        d.environment = u"production"_s;
        d.version = u"v1"_s;
        QVERIFY(!checklist.createDeployment(&d, u"tester"_s).isError());
        deploymentId = d.id;
        ReviewSample sample;
        sample.deploymentId = deploymentId;
        sample.seed = 18446744073709551557ull; // above INT64_MAX: kept as text
        sample.requested = 2;
        sample.population = 9;
        sample.created = QDateTime::currentDateTimeUtc();
        sample.createdBy = u"tester"_s;
        for (int i = 1; i <= 2; ++i) {
            ReviewCall c;
            c.position = i;
            c.ref = u"calls.jsonl:%1"_s.arg(i);
            c.timeMs = 1000 * i;
            c.prompt = u"prompt %1"_s.arg(i);
            c.response = u"reply %1"_s.arg(i);
            sample.calls.append(c);
        }
        ReviewRepository reviews(db);
        const StoreError created = reviews.create(&sample);
        QVERIFY2(!created.isError(), qPrintable(created.message));
        sampleId = sample.id;
        const QDateTime at = QDateTime::currentDateTimeUtc();
        QVERIFY(!reviews.mark(sampleId, 2, ReviewVerdict::Bad, u"wrong refund window"_s, u"rita"_s, at).isError());
        const StoreError missing = reviews.mark(sampleId, 3, ReviewVerdict::Good, {}, u"rita"_s, at);
        QCOMPARE(missing.kind, StoreError::Kind::NotFound);
    }
    Database db; // reopened: what was marked survives a restart
    QVERIFY(!db.open(path).isError());
    ReviewRepository reviews(db);
    ReviewSample sample;
    bool found = false;
    QVERIFY(!reviews.latest(deploymentId, &sample, &found).isError());
    QVERIFY(found);
    QCOMPARE(sample.id, sampleId);
    QCOMPARE(sample.seed, 18446744073709551557ull);
    QCOMPARE(sample.calls.size(), 2);
    QCOMPARE(sample.calls.at(1).verdict, ReviewVerdict::Bad);
    QCOMPARE(sample.calls.at(1).note, u"wrong refund window"_s);
    QCOMPARE(sample.calls.at(0).verdict, ReviewVerdict::Unmarked);
    QVERIFY(!sample.isComplete());
    ChecklistRepository checklist(db);
    QList<AuditEvent> audit;
    QVERIFY(!checklist.audit(deploymentId, QString::fromLatin1(ReviewOutcome::ITEM), &audit).isError());
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.at(0).kind, u"review"_s);
    QCOMPARE(audit.at(0).who, u"rita"_s);
    QVERIFY(audit.at(0).note.contains(u"call #2 (calls.jsonl:2)"_s));
    bool otherFound = true;
    QVERIFY(!reviews.latest(deploymentId + 100, &sample, &otherFound).isError());
    QVERIFY(!otherFound);
}

void TestReviewQueue::outcomePassesOrWarns()
{
    ReviewSample sample;
    sample.id = 4;
    for (int i = 1; i <= 3; ++i) {
        ReviewCall c;
        c.position = i;
        c.ref = u"r%1"_s.arg(i);
        c.verdict = ReviewVerdict::Good;
        sample.calls.append(c);
    }
    QVERIFY(sample.isComplete());
    ItemState state = ReviewOutcome::stateFor(sample, u"rita"_s, QDateTime::currentDateTimeUtc());
    QCOMPARE(state.status, Status::Pass);
    QCOMPARE(state.evidence.value(u"marks"_s).toArray().size(), 3);
    sample.calls[1].verdict = ReviewVerdict::Bad;
    state = ReviewOutcome::stateFor(sample, u"rita"_s, QDateTime::currentDateTimeUtc());
    QCOMPARE(state.status, Status::Warn);
    QVERIFY2(state.summary.contains(u"1 marked bad: #2 (r2)"_s), qPrintable(state.summary));
    QCOMPARE(ReviewOutcome::progress(sample), u"3 of 3 calls reviewed (1 bad)"_s);
}

QTEST_GUILESS_MAIN(TestReviewQueue)
#include "TestReviewQueue.moc"
