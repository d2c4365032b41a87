// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::runLiftoff;

/**
 * The command line of spec/cli.md as CI files and people write it: the global options before,
 * between and after the subcommand's words, on a machine with no display at all (runLiftoff
 * removes DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM), and nothing created but the --db file.
 */
class TestCliGrammar : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void everySubcommandTakesGlobalOptionsAnywhere_data();
    void everySubcommandTakesGlobalOptionsAnywhere();
    void markWithGlobalsFirstCreatesNoStrayFile();
    void usageErrorsExitTwoWithTheUsageLine_data();
    void usageErrorsExitTwoWithTheUsageLine();
    void helpAndVersionAnywhere();
    void guiWithoutDisplaySaysSoInsteadOfAborting();

private:
    /** The words with the global options placed before, between or after the command's words. */
    QStringList placed(const QStringList &command, const QStringList &rest, const QString &where) const;
    /** Every file under the temporary folder, relative to it. */
    QStringList filesCreated() const;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_work;
    QString m_config;
    QString m_db;
};

void TestCliGrammar::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkpath(u"work"_s));
    QVERIFY(QDir(m_dir->path()).mkpath(u"project"_s));
    m_work = m_dir->filePath(u"work"_s);
    m_config = m_dir->filePath(u"project/liftoff.yaml"_s);
    m_db = m_dir->filePath(u"store.sqlite"_s);
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    // Port 1 on loopback refuses at once: check has something real to report, quickly.
    file.write("version: 1\nproject: grammar-bot\nenvironments:\n  production:\n    url: http://127.0.0.1:1\n");
    file.close();
    QFile calls(m_dir->filePath(u"project/calls.jsonl"_s));
    QVERIFY(calls.open(QIODevice::WriteOnly));
    calls.write(R"({"timestamp":"2026-11-26T10:00:00Z","model":"gpt-4o-mini","input_tokens":10,"output_tokens":5,"latency_ms":120,"status":"ok"})"
                "\n");
    calls.close();
    // Each row starts from one recorded deployment, made the plain way.
    const auto r = runLiftoff({u"deploy"_s, u"new"_s, u"--env"_s, u"production"_s, u"--version"_s, u"v1"_s,
                               u"--name"_s, u"first"_s, u"--config"_s, m_config, u"--db"_s, m_db},
                              m_work);
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

QStringList TestCliGrammar::placed(const QStringList &command, const QStringList &rest, const QString &where) const
{
    const QStringList globals {u"--config"_s, m_config, u"--db=%1"_s.arg(m_db), u"--deployment"_s, u"first"_s};
    if (where == u"before")
        return globals + command + rest;
    if (where == u"after")
        return command + rest + globals;
    // between: inside the command's words when it has two, else between its options
    if (command.size() > 1)
        return command.mid(0, 1) + globals + command.mid(1) + rest;
    // else after a leading positional or the first "--name value" pair of the rows below
    const qsizetype at = rest.size() % 2 == 1 ? 1 : (rest.size() >= 4 ? 2 : 0);
    return command + rest.mid(0, at) + globals + rest.mid(at);
}

QStringList TestCliGrammar::filesCreated() const
{
    QStringList files;
    QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(m_dir->path()).relativeFilePath(it.next()));
    files.sort();
    return files;
}

void TestCliGrammar::everySubcommandTakesGlobalOptionsAnywhere_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QStringList>("rest");
    QTest::addColumn<QList<int>>("exitCodes"); // what the command may answer here, the same in every position
    QTest::addColumn<QByteArray>("expectedOut");

    const QString calls = u"../project/calls.jsonl"_s;
    for (const QString &where : {u"before"_s, u"between"_s, u"after"_s}) {
        const QByteArray tag = where.toUtf8();
        QTest::addRow("status %s", tag.constData()) << QStringList {u"status"_s} << QStringList {u"--format"_s, u"json"_s}
                                                     << QList<int> {0, 1} << QByteArray("\"grammar-bot\"");
        QTest::addRow("check %s", tag.constData())
            << QStringList {u"check"_s} << QStringList {u"--only"_s, u"infra.health"_s, u"--format"_s, u"junit"_s}
            << QList<int> {0, 1} << QByteArray("infra.health");
        QTest::addRow("mark %s", tag.constData())
            << QStringList {u"mark"_s}
            << QStringList {u"api.temperature"_s, u"--status"_s, u"na"_s, u"--note"_s, u"no sampling in this app"_s}
            << QList<int> {0} << QByteArray("saved: api.temperature");
        QTest::addRow("deploy new %s", tag.constData())
            << QStringList {u"deploy"_s, u"new"_s}
            << QStringList {u"--env"_s, u"production"_s, u"--version"_s, u"v2"_s, u"--name"_s, u"second"_s}
            << QList<int> {0} << QByteArray("second");
        QTest::addRow("deploy list %s", tag.constData()) << QStringList {u"deploy"_s, u"list"_s}
                                                          << QStringList {u"--format"_s, u"json"_s} << QList<int> {0}
                                                          << QByteArray("\"first\"");
        QTest::addRow("deploy release %s", tag.constData()) << QStringList {u"deploy"_s, u"release"_s}
                                                             << QStringList {u"first"_s} << QList<int> {0}
                                                             << QByteArray("first");
        QTest::addRow("report %s", tag.constData()) << QStringList {u"report"_s}
                                                     << QStringList {u"--format"_s, u"markdown"_s} << QList<int> {0, 1}
                                                     << QByteArray("grammar-bot");
        QTest::addRow("calls stats %s", tag.constData())
            << QStringList {u"calls"_s, u"stats"_s} << QStringList {calls, u"--format"_s, u"json"_s} << QList<int> {0}
            << QByteArray("\"calls\": 1");
        // No rollback and no flags configured: the refusal (exit 4 / 2) must come from the command, not the grammar.
        QTest::addRow("rollback %s", tag.constData())
            << QStringList {u"rollback"_s} << QStringList {u"--reason"_s, u"grammar"_s, u"--dry-run"_s, u"--yes"_s}
            << QList<int> {2, 4} << QByteArray();
        QTest::addRow("flag get %s", tag.constData()) << QStringList {u"flag"_s, u"get"_s} << QStringList {}
                                                       << QList<int> {2, 4} << QByteArray();
        QTest::addRow("init %s", tag.constData()) << QStringList {u"init"_s}
                                                   << QStringList {u"../init-%1"_s.arg(where)} << QList<int> {0}
                                                   << QByteArray("liftoff.yaml");
        QTest::addRow("demo-server help %s", tag.constData()) << QStringList {u"demo-server"_s}
                                                               << QStringList {u"--help"_s} << QList<int> {0}
                                                               << QByteArray("Usage: liftoff demo-server");
    }
}

void TestCliGrammar::everySubcommandTakesGlobalOptionsAnywhere()
{
    QFETCH(QStringList, command);
    QFETCH(QStringList, rest);
    QFETCH(QList<int>, exitCodes);
    QFETCH(QByteArray, expectedOut);
    const QStringList before = filesCreated();
    const QStringList words = placed(command, rest, QString::fromUtf8(QTest::currentDataTag()).section(u' ', -1));
    const auto r = runLiftoff(words, m_work);
    const QByteArray what = words.join(u' ').toUtf8() + "\n" + r.out.left(2000) + r.err.left(2000);
    QVERIFY2(!r.crashed, what.constData()); // an abort for want of a display is a crash
    QVERIFY2(exitCodes.contains(r.exitCode), what.constData());
    QVERIFY2(r.out.contains(expectedOut), what.constData());
    QVERIFY2(!r.err.contains("could not connect to display") && !r.err.contains("qt.qpa"), what.constData());
    QVERIFY2(!r.err.contains("Usage: liftoff"), what.constData()); // the command answered, not the grammar
    // Nothing in the working folder; outside it only the store (and what init was asked to write).
    QStringList created = filesCreated();
    for (const QString &file : before)
        created.removeAll(file);
    for (const QString &file : std::as_const(created)) {
        const bool expected = file.startsWith(u"store.sqlite"_s) || (command.first() == u"init" && file.startsWith(u"init-"_s));
        QVERIFY2(expected, qPrintable(u"created %1 with: %2"_s.arg(file, QString::fromUtf8(what))));
    }
}

void TestCliGrammar::markWithGlobalsFirstCreatesNoStrayFile()
{
    // The form of the issue: globals first, then the item ID. It once made a SQLite file named after the ID.
    const auto r = runLiftoff({u"mark"_s, u"--db"_s, m_db, u"--config"_s, m_config, u"api.temperature"_s, u"--status"_s,
                               u"na"_s, u"--note"_s, u"no sampling"_s},
                              m_work);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(!QFile::exists(m_work + u"/api.temperature"_s));
    QCOMPARE(QDir(m_work).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList {});
    const auto status = runLiftoff({u"status"_s, u"--format"_s, u"json"_s, u"--db"_s, m_db, u"--config"_s, m_config});
    const QJsonArray items = QJsonDocument::fromJson(status.out)[u"items"_s].toArray();
    bool found = false;
    for (const QJsonValue &item : items) {
        if (item[u"id"_s] == u"api.temperature"_s) {
            QCOMPARE(item[u"status"_s].toString(), u"na"_s);
            found = true;
        }
    }
    QVERIFY(found);
}

void TestCliGrammar::usageErrorsExitTwoWithTheUsageLine_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("usage");
    QTest::newRow("unknown option") << QStringList {u"check"_s, u"--frobnicate"_s} << QByteArray("unknown option 'frobnicate'")
                                    << QByteArray("Usage: liftoff check");
    QTest::newRow("unknown option before the command")
        << QStringList {u"--frobnicate"_s, u"check"_s} << QByteArray("unknown option '--frobnicate'") << QByteArray("Usage: liftoff");
    QTest::newRow("missing value") << QStringList {u"status"_s, u"--format"_s} << QByteArray("missing value after '--format'")
                                   << QByteArray("Usage: liftoff status");
    QTest::newRow("missing global value") << QStringList {u"status"_s, u"--db"_s} << QByteArray("missing value after '--db'")
                                          << QByteArray("Usage: liftoff status");
    QTest::newRow("stray argument") << QStringList {u"status"_s, u"extra"_s} << QByteArray("unexpected argument 'extra'")
                                    << QByteArray("Usage: liftoff status");
    QTest::newRow("second item id") << QStringList {u"mark"_s, u"infra.health"_s, u"infra.https"_s, u"--status"_s, u"na"_s}
                                    << QByteArray("unexpected argument 'infra.https'") << QByteArray("Usage: liftoff mark ID");
    QTest::newRow("flag with a value") << QStringList {u"rollback"_s, u"--yes=no"_s, u"--reason"_s, u"x"_s}
                                       << QByteArray("unexpected value after '--yes'") << QByteArray("Usage: liftoff rollback");
    QTest::newRow("unknown command") << QStringList {u"chek"_s} << QByteArray("did you mean `check`?")
                                     << QByteArray("Usage: liftoff");
    QTest::newRow("group without subcommand") << QStringList {u"deploy"_s} << QByteArray("which one? new, list, release")
                                              << QByteArray("Usage: liftoff deploy new");
    QTest::newRow("unknown subcommand") << QStringList {u"deploy"_s, u"undo"_s} << QByteArray("unknown subcommand 'undo'")
                                        << QByteArray("liftoff deploy release NAME");
    QTest::newRow("option of another subcommand") << QStringList {u"deploy"_s, u"list"_s, u"--env"_s, u"production"_s}
                                                  << QByteArray("unknown option 'env'") << QByteArray("Usage: liftoff deploy list");
    QTest::newRow("open with two projects") << QStringList {u"open"_s, u"a.yaml"_s, u"b.yaml"_s}
                                            << QByteArray("unexpected argument 'b.yaml'") << QByteArray("Usage: liftoff open");
}

void TestCliGrammar::usageErrorsExitTwoWithTheUsageLine()
{
    QFETCH(QStringList, words);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, usage);
    const auto r = runLiftoff(QStringList {u"--config"_s, m_config, u"--db"_s, m_db} + words, m_work);
    QVERIFY2(!r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), r.err.constData());
    QVERIFY2(r.err.contains(usage), r.err.constData());
    QVERIFY(r.out.isEmpty());
    QCOMPARE(QDir(m_work).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList {});
}

void TestCliGrammar::helpAndVersionAnywhere()
{
    auto r = runLiftoff({u"--config"_s, m_config, u"--version"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("liftoff " LIFTOFF_VERSION));
    r = runLiftoff({u"check"_s, u"--version"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("liftoff " LIFTOFF_VERSION));
    r = runLiftoff({u"--db"_s, m_db, u"check"_s, u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("Usage: liftoff check"));
    r = runLiftoff({u"help"_s, u"deploy"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("liftoff deploy release NAME"));
    r = runLiftoff({u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Global options (before or after the command)"));
    // deploy new's own --version V is the deployment's version, not the program's.
    r = runLiftoff({u"--config"_s, m_config, u"--db"_s, m_db, u"deploy"_s, u"new"_s, u"--version"_s, u"v9"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(!r.out.startsWith("liftoff " LIFTOFF_VERSION));
}

void TestCliGrammar::guiWithoutDisplaySaysSoInsteadOfAborting()
{
    // `--db status`: the subcommand became the option's value, so nothing is left but the GUI.
    const auto r = runLiftoff({u"--config"_s, m_config, u"--db"_s, u"status"_s}, m_work);
    QVERIFY2(!r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("there is no display"), r.err.constData());
    QVERIFY2(r.err.contains("liftoff status"), r.err.constData());
    QCOMPARE(QDir(m_work).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList {});
}

QTEST_GUILESS_MAIN(TestCliGrammar)
#include "TestCliGrammar.moc"
