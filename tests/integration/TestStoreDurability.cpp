// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlConnection.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

#ifdef Q_OS_UNIX
#include <signal.h>
#endif

using namespace Qt::StringLiterals;

/**
 * The store across processes: a writer killed with SIGKILL in the middle of a burst of ticks loses
 * no acknowledged tick and leaves an intact file; two writers at once both finish and lose nothing.
 */
class TestStoreDurability : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void killDuringBurstLosesNoAcknowledgedTick();
    void twoProcessesWriteConcurrently_data();
    void twoProcessesWriteConcurrently();

private:
    QString dbPath() const { return m_dir->filePath(u"durability.sqlite"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {
constexpr int TIMEOUT_MS = 60000;

void startWriter(QProcess &process, const QString &db, const QString &deployment, qint64 start, qint64 count)
{
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(QStringLiteral(LIFTOFF_STORE_WRITER),
                  {u"--db"_s, db, u"--deployment-name"_s, deployment, u"--items"_s, u"45"_s, u"--start"_s,
                   QString::number(start), u"--count"_s, QString::number(count)});
}

/** Parses complete "ack N" lines from buffer (keeping an incomplete tail there). */
void takeAcks(QByteArray &buffer, QList<qint64> *acks)
{
    qsizetype newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
        const QByteArray line = buffer.left(newline).trimmed();
        buffer.remove(0, newline + 1);
        if (line.startsWith("ack "))
            acks->append(line.mid(4).toLongLong());
    }
}

QString integrity(const QString &path)
{
    SqlConnection raw(path);
    return raw.scalar(u"PRAGMA integrity_check"_s).toString();
}

/** The numbers N of the "tick-N" notes in the audit trail. */
QSet<qint64> auditedTicks(const QString &path)
{
    SqlConnection raw(path);
    QSqlQuery q(raw.database());
    QSet<qint64> ticks;
    if (!q.exec(u"SELECT note FROM audit WHERE kind = 'tick'"_s))
        return ticks;
    while (q.next())
        ticks.insert(q.value(0).toString().mid(5).toLongLong());
    return ticks;
}
} // namespace

void TestStoreDurability::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStoreDurability::cleanup()
{
    m_dir.reset();
}

void TestStoreDurability::killDuringBurstLosesNoAcknowledgedTick()
{
#ifndef Q_OS_UNIX
    QSKIP("needs kill(2) and SIGKILL");
#else
    constexpr int acksBeforeKill = 200;
    constexpr int rounds = 3;
    qint64 start = 0;
    QSet<qint64> acknowledged;
    for (int round = 0; round < rounds; ++round) {
        QProcess writer;
        startWriter(writer, dbPath(), u"burst"_s, start, 1000000);
        QVERIFY2(writer.waitForStarted(TIMEOUT_MS), qPrintable(writer.errorString()));
        QByteArray buffer;
        QList<qint64> acks;
        while (acks.size() < acksBeforeKill) {
            if (!writer.waitForReadyRead(TIMEOUT_MS))
                QFAIL(qPrintable(u"the writer stopped after %1 acks: %2"_s.arg(acks.size())
                                     .arg(QString::fromLocal8Bit(writer.readAllStandardError()))));
            buffer += writer.readAllStandardOutput();
            takeAcks(buffer, &acks);
        }
        QCOMPARE(::kill(static_cast<pid_t>(writer.processId()), SIGKILL), 0);
        QVERIFY(writer.waitForFinished(TIMEOUT_MS));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        // Acks already in the pipe when it died count too.
        buffer += writer.readAllStandardOutput();
        takeAcks(buffer, &acks);
        for (int i = 0; i < acks.size(); ++i)
            QCOMPARE(acks.at(i), start + i);
        for (qint64 n : std::as_const(acks))
            acknowledged.insert(n);

        QCOMPARE(integrity(dbPath()), u"ok"_s);
        const QSet<qint64> audited = auditedTicks(dbPath());
        for (qint64 n : std::as_const(acknowledged))
            QVERIFY2(audited.contains(n), qPrintable(u"acknowledged tick-%1 is missing"_s.arg(n)));
        // At most the one tick that was committed but not yet acknowledged comes on top.
        QVERIFY2(audited.size() <= acknowledged.size() + round + 1,
                 qPrintable(u"%1 audited, %2 acknowledged"_s.arg(audited.size()).arg(acknowledged.size())));
        start = *std::max_element(audited.cbegin(), audited.cend()) + 1;
    }

    // Every item's stored state is its newest audited tick: state and audit went in together.
    SqlConnection raw(dbPath());
    QSqlQuery q(raw.database());
    QVERIFY(q.exec(u"SELECT s.item_id, s.note, (SELECT a.note FROM audit a WHERE a.deployment_id = s.deployment_id "
                   u"AND a.item_id = s.item_id ORDER BY a.id DESC LIMIT 1) FROM item_states s"_s));
    int states = 0;
    while (q.next()) {
        ++states;
        QCOMPARE(q.value(1).toString(), q.value(2).toString());
    }
    QCOMPARE(states, 45);
    q.finish();

    // And the store opens and takes the next tick as if nothing happened.
    Database db;
    const StoreError error = db.open(dbPath());
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QProcess writer;
    startWriter(writer, dbPath(), u"burst"_s, start, 5);
    QVERIFY(writer.waitForFinished(TIMEOUT_MS));
    QCOMPARE(writer.exitCode(), 0);
    QCOMPARE(auditedTicks(dbPath()).size(), qsizetype(start + 5));
#endif
}

void TestStoreDurability::twoProcessesWriteConcurrently_data()
{
    QTest::addColumn<bool>("createFirst");
    QTest::addColumn<bool>("sameDeployment");
    QTest::newRow("existing file, two deployments") << true << false;
    QTest::newRow("existing file, one deployment") << true << true;
    QTest::newRow("both start on a missing file") << false << false;
}

void TestStoreDurability::twoProcessesWriteConcurrently()
{
    QFETCH(bool, createFirst);
    QFETCH(bool, sameDeployment);
    constexpr qint64 ticks = 300;
    if (createFirst) {
        Database db;
        const StoreError error = db.open(dbPath());
        QVERIFY2(!error.isError(), qPrintable(error.message));
    }
    QProcess a;
    QProcess b;
    startWriter(a, dbPath(), u"alpha"_s, 0, ticks);
    startWriter(b, dbPath(), sameDeployment ? u"alpha"_s : u"beta"_s, ticks, ticks);
    QVERIFY2(a.waitForFinished(TIMEOUT_MS), "writer a did not finish");
    QVERIFY2(b.waitForFinished(TIMEOUT_MS), "writer b did not finish");
    const QByteArray errA = a.readAllStandardError();
    const QByteArray errB = b.readAllStandardError();
    QCOMPARE(a.exitStatus(), QProcess::NormalExit);
    QCOMPARE(b.exitStatus(), QProcess::NormalExit);
    QVERIFY2(a.exitCode() == 0, errA.constData());
    QVERIFY2(b.exitCode() == 0, errB.constData());
    QCOMPARE(a.readAllStandardOutput().count("ack "), ticks);
    QCOMPARE(b.readAllStandardOutput().count("ack "), ticks);

    QCOMPARE(integrity(dbPath()), u"ok"_s);
    const int deployments = sameDeployment ? 1 : 2;
    SqlConnection raw(dbPath());
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM audit"_s).toLongLong(), 2 * ticks + deployments);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM audit WHERE kind = 'deployment'"_s).toInt(), deployments);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM projects"_s).toInt(), 1);
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM deployments"_s).toInt(), deployments);
    QCOMPARE(auditedTicks(dbPath()).size(), qsizetype(2 * ticks));
}

QTEST_GUILESS_MAIN(TestStoreDurability)
#include "TestStoreDurability.moc"
