// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecretsDialog.h"
#include "config/SecretRef.h"
#include "config/SecretResolver.h"
#include "config/KeychainCache.h"
#include "config/SecretsController.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QThread>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

#include <memory>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

/**
 * Settings ▸ Secrets against a real Secret Service (tests/cli/with-secret-service.sh): a value
 * typed into the dialog lands in the keychain, is read back by SecretResolver on a worker thread
 * (as a probe would), is never shown, and Delete removes it. Without a keychain the dialog says so
 * in one line, and the GUI thread is never blocked.
 */
class TestSecretsDialog : public QObject
{
    Q_OBJECT

private slots:
    void init() { QStandardPaths::setTestModeEnabled(true); }
    void storeReplaceAndDelete();
    void noKeychainSaysSoWithoutBlocking();
    void guiThreadAnswersFromTheCache();

private:
    static QString lookup(const QString &name);
};

QString TestSecretsDialog::lookup(const QString &name)
{
    QProcess process;
    process.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, u"liftoff"_s, u"user"_s, name});
    if (!process.waitForFinished(10000))
        return u"<secret-tool did not finish>"_s;
    return QString::fromUtf8(process.readAllStandardOutput());
}

void TestSecretsDialog::storeReplaceAndDelete()
{
    if (qEnvironmentVariable("LIFTOFF_TEST_SECRET_SERVICE") != u"gnome-keyring")
        QSKIP("needs tests/cli/with-secret-service.sh (the CTest entry runs it)");
    SecretsController controller;
    SecretsDialog dialog(&controller);
    dialog.setDeleteConfirmation([](const QString &) { return true; });
    dialog.show();
    auto *name = dialog.findChild<QLineEdit *>(u"nameLineEdit"_s);
    auto *value = dialog.findChild<QLineEdit *>(u"valueLineEdit"_s);
    auto *store = dialog.findChild<QPushButton *>(u"storePushButton"_s);
    auto *remove = dialog.findChild<QPushButton *>(u"deletePushButton"_s);
    auto *list = dialog.findChild<QListWidget *>(u"namesListWidget"_s);
    QVERIFY(name && value && store && remove && list);
    QCOMPARE(value->echoMode(), QLineEdit::Password);
    QTRY_VERIFY_WITH_TIMEOUT(!controller.isBusy(), 10000);

    const QString secret = u"sk-gui-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QTest::keyClicks(name, u"GUI_KEY"_s);
    QTest::keyClicks(value, secret);
    QCOMPARE(store->text(), u"&Set"_s);
    QTest::mouseClick(store, Qt::LeftButton);
    QVERIFY(value->text().isEmpty()); // handed over at once
    QTRY_VERIFY_WITH_TIMEOUT(controller.names().contains(u"GUI_KEY"_s), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(list->count(), 1, 10000);
    QCOMPARE(lookup(u"GUI_KEY"_s), secret);

    // A probe resolves it on whatever thread it runs on.
    const auto resolved = QtConcurrent::run([] {
        return SecretResolver::resolve(*SecretRef::parse(u"keychain:GUI_KEY"_s));
    }).result();
    QCOMPARE(resolved, secret);

    // Replace: the same name selected, a new value.
    list->setCurrentRow(0);
    QCOMPARE(name->text(), u"GUI_KEY"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!controller.isBusy(), 10000);
    const QString replacement = secret + u"-2"_s;
    QTest::keyClicks(value, replacement);
    QCOMPARE(store->text(), u"&Replace"_s);
    QTest::mouseClick(store, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(lookup(u"GUI_KEY"_s), replacement, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!controller.isBusy(), 10000);

    // The value is shown nowhere in the dialog.
    for (const QLabel *label : dialog.findChildren<QLabel *>())
        QVERIFY2(!label->text().contains(secret.right(8)), qPrintable(label->text()));
    for (int i = 0; i < list->count(); ++i)
        QVERIFY(!list->item(i)->text().contains(secret.right(8)));

    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(controller.names().isEmpty(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(list->count(), 0, 10000);
    QCOMPARE(lookup(u"GUI_KEY"_s), QString());
}

void TestSecretsDialog::noKeychainSaysSoWithoutBlocking()
{
    if (!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"no-such-bus"_s))
        QSKIP("needs DBUS_SESSION_BUS_ADDRESS pointing at no bus (the CTest entry sets it)");
    SecretsController controller;
    QElapsedTimer timer;
    timer.start();
    SecretsDialog dialog(&controller);
    QVERIFY(timer.elapsed() < 500); // the read runs off the GUI thread
    dialog.show();
    auto *message = dialog.findChild<QLabel *>(u"messageLabel"_s);
    QSignalSpy failed(&controller, &SecretsController::failed);
    QVERIFY(failed.wait(5000));
    QVERIFY(timer.elapsed() < 4000);
    QVERIFY2(message->text().contains(u"not available"_s) && message->text().contains(u"env:"_s),
             qPrintable(message->text()));
    QVERIFY(!message->text().contains(u'\n'));
}

void TestSecretsDialog::guiThreadAnswersFromTheCache()
{
    if (qEnvironmentVariable("LIFTOFF_TEST_SECRET_SERVICE") != u"gnome-keyring")
        QSKIP("needs tests/cli/with-secret-service.sh (the CTest entry runs it)");
    SecretsController controller;
    QTRY_VERIFY_WITH_TIMEOUT(!controller.isBusy(), 10000);
    const QString secret = u"sk-cache-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QVERIFY(controller.store(u"CACHED_KEY"_s, secret));
    QTRY_VERIFY_WITH_TIMEOUT(controller.names().contains(u"CACHED_KEY"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!controller.isBusy(), 10000);

    // As the GUI runs: this thread must not wait for the Secret Service.
    KeychainCache::clear();
    KeychainCache::setNonBlockingThread(QThread::currentThread());
    QString error;
    QVERIFY(!SecretResolver::resolve(*SecretRef::parse(u"keychain:CACHED_KEY"_s), &error));
    QVERIFY2(error.contains(u"still being read"_s), qPrintable(error));
    bool primed = false;
    int count = -1;
    QObject context;
    KeychainCache::prime(&context, [&](int n, const QString &) {
        primed = true;
        count = n;
    });
    QTRY_VERIFY_WITH_TIMEOUT(primed, 10000);
    QVERIFY(count >= 1);
    QCOMPARE(SecretResolver::resolve(*SecretRef::parse(u"keychain:CACHED_KEY"_s)), secret);
    QVERIFY(!SecretResolver::resolve(*SecretRef::parse(u"keychain:NEVER_STORED"_s), &error));
    QVERIFY2(error.contains(u"not among Liftoff's keychain entries"_s) && error.contains(u"env:NEVER_STORED"_s),
             qPrintable(error));
    // Other threads still ask the keychain itself (a thread of its own: a future's result() may run
    // its task on the waiting thread).
    QString workerError;
    std::unique_ptr<QThread> worker(QThread::create([&workerError] {
        SecretResolver::resolve(*SecretRef::parse(u"keychain:NEVER_STORED"_s), &workerError);
    }));
    worker->start();
    QVERIFY(worker->wait(10000));
    QVERIFY2(!workerError.contains(u"not among"_s), qPrintable(workerError));

    QVERIFY(controller.remove(u"CACHED_KEY"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!controller.names().contains(u"CACHED_KEY"_s), 10000);
    QVERIFY(!KeychainCache::value(u"CACHED_KEY"_s)); // deleting drops it from the cache too
    KeychainCache::setNonBlockingThread(nullptr);
}

QTEST_MAIN(TestSecretsDialog)
#include "TestSecretsDialog.moc"
