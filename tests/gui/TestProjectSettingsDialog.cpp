// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedDialogProvider.h"
#include "MainWindow.h"
#include "ProjectSettingsDialog.h"
#include "checklist/ChecklistTemplate.h"
#include "config/ConfigLoader.h"
#include "config/ConfigTemplate.h"
#include "config/ProjectSettingsController.h"
#include "config/SecretsController.h"
#include "demo/DemoProject.h"
#include "demo/DemoEvalSet.h"
#include "demo/DemoService.h"
#include "demo/DemoServiceOptions.h"
#include "itemmodels/ChecklistDocument.h"
#include "store/Store.h"

#include "TestSupport.h"

#include <QAction>
#include <QComboBox>
#include <QMenu>
#include <QMenuBar>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * The project form (issue 12): a new project made only with the form passes `liftoff check` on the
 * demo service; an invalid form is refused with the loader's messages and writes nothing; the
 * "Store in keychain…" buttons write a keychain: reference.
 */
class TestProjectSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void newProjectMadeWithTheFormPassesCheckOnTheDemo();
    void invalidFieldsShowTheLoaderMessagesAndWriteNothing();
    void storeWithoutKeychainSaysSoAndKeepsTheField();
    void storeInKeychainWritesTheReference();
    void menusOpenTheFormAndReopenTheProject();

private:
    template<typename T>
    static T *child(QWidget *dialog, const QString &name)
    {
        T *widget = dialog->findChild<T *>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }
    static void setLine(QWidget *dialog, const QString &name, const QString &text)
    {
        QLineEdit *edit = child<QLineEdit>(dialog, name);
        edit->clear();
        QTest::keyClicks(edit, text);
    }
    static void addRow(QWidget *dialog, const QString &table, const QString &prefix, const QStringList &cells)
    {
        QTest::mouseClick(child<QPushButton>(dialog, prefix + u"AddButton"_s), Qt::LeftButton);
        QTableWidget *t = child<QTableWidget>(dialog, table);
        for (int column = 0; column < cells.size(); ++column)
            t->setItem(t->rowCount() - 1, column, new QTableWidgetItem(cells.at(column)));
    }
    static void save(QWidget *dialog)
    {
        QTest::mouseClick(child<QDialogButtonBox>(dialog, u"projectSettingsButtonBox"_s)->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<DemoService> m_service;
    DemoServiceOptions m_options;
};

void TestProjectSettingsDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_service = std::make_unique<DemoService>(m_options);
    QVERIFY2(m_service->start(0), qPrintable(m_service->errorString()));
}

void TestProjectSettingsDialog::newProjectMadeWithTheFormPassesCheckOnTheDemo()
{
    const QString folder = m_dir.filePath(u"form-made"_s);
    ProjectSettingsController controller;
    QCOMPARE(controller.createProject(folder, u"form-made-bot"_s), QString());
    const QString path = folder + u"/liftoff.yaml"_s;
    QCOMPARE(controller.configPath(), path);
    // Asking again never replaces the file.
    QVERIFY(!controller.createProject(folder, u"other"_s).isEmpty());

    CannedDialogProvider dialogs;
    ProjectSettingsDialog dialog(&controller, nullptr, &dialogs);
    dialog.show();
    QCOMPARE(child<QLineEdit>(&dialog, u"projectLineEdit"_s)->text(), u"form-made-bot"_s);
    QTableWidget *environments = child<QTableWidget>(&dialog, u"environmentsTableWidget"_s);
    QCOMPARE(environments->rowCount(), 1); // the template's production
    environments->selectRow(0);
    QTest::mouseClick(child<QPushButton>(&dialog, u"environmentRemoveButton"_s), Qt::LeftButton);
    const QString url = m_service->baseUrl().toString(QUrl::StripTrailingSlash);
    addRow(&dialog, u"environmentsTableWidget"_s, u"environment"_s, {u"demo"_s, url});
    setLine(&dialog, u"healthUrlLineEdit"_s, u"{url}/health"_s);

    setLine(&dialog, u"monthlyUsdLineEdit"_s, u"400"_s);
    setLine(&dialog, u"alertsLineEdit"_s, u"50, 75, 90"_s);
    setLine(&dialog, u"expectedDailyLineEdit"_s, u"3, 25"_s);
    setLine(&dialog, u"budgetNotifyLineEdit"_s, u"release-room"_s);
    addRow(&dialog, u"channelsTableWidget"_s, u"channel"_s,
           {u"release-room"_s, u"slack"_s, u"env:"_s + QString::fromLatin1(DemoProject::SLACK_URL_VARIABLE)});

    auto *cost = child<QComboBox>(&dialog, u"costAdapterComboBox"_s);
    cost->setCurrentIndex(cost->findData(u"litellm"_s));
    setLine(&dialog, u"costBaseUrlLineEdit"_s, url);
    const QString adminKey = u"env:"_s + QString::fromLatin1(DemoProject::ADMIN_KEY_VARIABLE);
    setLine(&dialog, u"costKeyLineEdit"_s, adminKey);
    addRow(&dialog, u"callsTableWidget"_s, u"call"_s, {u"litellm"_s, url, adminKey});

    const QString binary = QStringLiteral(LIFTOFF_BINARY);
    setLine(&dialog, u"rollbackCommandLineEdit"_s, binary + u" demo-server --rollback --url {url}"_s);
    setLine(&dialog, u"rollbackDryRunLineEdit"_s, binary + u" demo-server --rollback --dry-run --url {url}"_s);
    setLine(&dialog, u"flagsBaseUrlLineEdit"_s, url);
    setLine(&dialog, u"flagsFlagLineEdit"_s, u"ai-enabled"_s);
    // The demo's eval set, as a user keeps one in the repo.
    QVERIFY(QDir().mkpath(folder + u"/evals"_s));
    QFile cases(folder + u"/"_s + QString::fromLatin1(DemoEvalSet::PATH));
    QVERIFY(cases.open(QIODevice::WriteOnly));
    cases.write(DemoEvalSet::casesYaml());
    cases.close();
    setLine(&dialog, u"evalsDatasetLineEdit"_s, QString::fromLatin1(DemoEvalSet::PATH));
    setLine(&dialog, u"evalsTargetUrlLineEdit"_s, u"{url}/v1/chat"_s);
    setLine(&dialog, u"redteamTargetUrlLineEdit"_s, u"{url}/v1/chat"_s);
    setLine(&dialog, u"redteamCanaryLineEdit"_s, u"env:"_s + QString::fromLatin1(DemoProject::CANARY_VARIABLE));
    addRow(&dialog, u"notApplicableTableWidget"_s, u"notApplicable"_s,
           {u"rb.migrations-reversible"_s, u"the bot keeps no database"_s});

    QSignalSpy saved(&controller, &ProjectSettingsController::saved);
    save(&dialog);
    QVERIFY2(saved.count() == 1, qPrintable(dialog.errorText()));
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    const QString written = QString::fromUtf8(TestSupport::readFile(path));
    const ConfigLoadResult loaded = ConfigLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText() + u"\n"_s + written));
    // Every comment of the template is still there.
    for (const QString &line : ConfigTemplate::commentedYaml(u"form-made-bot"_s).split(u'\n')) {
        if (line.trimmed().startsWith(u'#'))
            QVERIFY2(written.contains(line.trimmed()), qPrintable(u"lost: "_s + line + u"\n"_s + written));
    }

    const QString db = m_dir.filePath(u"form-made.sqlite"_s);
    const QMap<QString, QString> env {
        {QString::fromLatin1(DemoProject::ADMIN_KEY_VARIABLE), m_options.adminToken},
        {QString::fromLatin1(DemoProject::CANARY_VARIABLE), m_options.canary},
        {QString::fromLatin1(DemoProject::SLACK_URL_VARIABLE), url + u"/webhooks/release-room"_s},
    };
    const auto deploy = TestSupport::runLiftoffServing({u"deploy"_s, u"new"_s, u"--version"_s, u"v1.0.0"_s, u"--config"_s, path, u"--db"_s, db}, env);
    QVERIFY2(deploy.exitCode == 0, deploy.err.constData());
    // The rollback command the form wrote runs only once approved on this machine, as any project's.
    const auto approve = TestSupport::runLiftoffServing(
        {u"rollback"_s, u"--dry-run"_s, u"--approve"_s, u"--config"_s, path, u"--db"_s, db}, env);
    QVERIFY2(approve.exitCode == 0, approve.err.constData());
    const QStringList items {u"infra.health"_s, u"cost.budget-alerts"_s, u"mon.error-alerting"_s, u"rb.one-command"_s,
                             u"rb.feature-flags"_s, u"qa.eval-dataset"_s, u"sec.prompt-injection"_s,
                             u"rb.migrations-reversible"_s};
    const auto check = TestSupport::runLiftoffServing({u"check"_s, u"--config"_s, path, u"--db"_s, db, u"--approve"_s,
                                                       u"--only"_s, items.join(u','), u"--format"_s, u"json"_s},
                                                      env, 120000);
    QHash<QString, QJsonObject> byId;
    for (const QJsonValue &v : QJsonDocument::fromJson(check.out).object()[u"items"_s].toArray())
        byId.insert(v[u"id"_s].toString(), v.toObject());
    for (const QString &id : items.mid(0, items.size() - 1))
        QVERIFY2(byId[id][u"status"_s].toString() == u"pass"_s,
                 qPrintable(id + u": "_s + QString::fromUtf8(QJsonDocument(byId[id]).toJson()) + QString::fromUtf8(check.err)));
    QCOMPARE(byId[u"rb.migrations-reversible"_s][u"status"_s].toString(), u"na"_s);
}

void TestProjectSettingsDialog::invalidFieldsShowTheLoaderMessagesAndWriteNothing()
{
    const QString path = m_dir.filePath(u"liftoff.yaml"_s);
    QVERIFY(QFile::copy(TestSupport::dataPath(u"config/good/spec-example.yaml"_s), path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    const QByteArray before = TestSupport::readFile(path);
    ProjectSettingsController controller;
    QCOMPARE(controller.open(path), QString());
    CannedDialogProvider dialogs;
    ProjectSettingsDialog dialog(&controller, nullptr, &dialogs);
    dialog.show();
    QCOMPARE(child<QLineEdit>(&dialog, u"monthlyUsdLineEdit"_s)->text(), u"500"_s);
    QCOMPARE(child<QLineEdit>(&dialog, u"healthUrlLineEdit"_s)->text(), u"{url}/health"_s);
    QCOMPARE(child<QTableWidget>(&dialog, u"channelsTableWidget"_s)->rowCount(), 3);
    QCOMPARE(child<QTableWidget>(&dialog, u"notApplicableTableWidget"_s)->rowCount(), 1);

    setLine(&dialog, u"alertsLineEdit"_s, u"90, 50"_s);
    // A pasted webhook URL where a secret reference belongs.
    child<QTableWidget>(&dialog, u"channelsTableWidget"_s)->setItem(1, 2, new QTableWidgetItem(u"https://discord.example/hook"_s));
    const ProjectForm form = dialog.currentForm();
    save(&dialog);
    QVERIFY(dialog.isVisible());
    const QString shown = child<QPlainTextEdit>(&dialog, u"diagnosticsPlainTextEdit"_s)->toPlainText();
    const ConfigLoadResult expected = ConfigLoader::loadText(controller.preview(form).toUtf8(), path, m_dir.path());
    QVERIFY(!expected.ok());
    QCOMPARE(shown, expected.errorText());
    QVERIFY(shown.startsWith(path + u':'));
    QCOMPARE(TestSupport::readFile(path), before);
}

void TestProjectSettingsDialog::storeWithoutKeychainSaysSoAndKeepsTheField()
{
    if (qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"nonexistent"_s) == false)
        QSKIP("runs where no Secret Service answers (the plain ctest entry)");
    const QString path = m_dir.filePath(u"liftoff.yaml"_s);
    ProjectSettingsController controller;
    QCOMPARE(controller.open(path), QString());
    SecretsController secrets;
    CannedDialogProvider dialogs;
    dialogs.secretAnswers.append({u"LIFTOFF_FORM_TEST_KEY"_s, u"sk-pasted-value"_s});
    ProjectSettingsDialog dialog(&controller, &secrets, &dialogs);
    dialog.show();
    QLineEdit *key = child<QLineEdit>(&dialog, u"costKeyLineEdit"_s);
    const QString before = key->text();
    QSignalSpy failed(&secrets, &SecretsController::failed);
    QTest::mouseClick(child<QPushButton>(&dialog, u"costKeyStoreButton"_s), Qt::LeftButton);
    QVERIFY(failed.wait(20000));
    QCOMPARE(dialogs.suggestedSecretNames, QStringList {u"COST_API_KEY"_s});
    QCOMPARE(key->text(), before);
    QVERIFY(dialog.errorText().contains(u"keychain"_s));
    QVERIFY(!dialog.errorText().contains(u"sk-pasted-value"_s));
}

void TestProjectSettingsDialog::storeInKeychainWritesTheReference()
{
    if (qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"nonexistent"_s))
        QSKIP("needs a Secret Service (the Keyring ctest entry starts one)");
    const QString path = m_dir.filePath(u"keychain.yaml"_s);
    QVERIFY(QFile::copy(TestSupport::dataPath(u"config/good/spec-example.yaml"_s), path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    ProjectSettingsController controller;
    QCOMPARE(controller.open(path), QString());
    SecretsController secrets;
    CannedDialogProvider dialogs;
    dialogs.secretAnswers.append({u"LIFTOFF_FORM_CANARY"_s, u"canary-pasted-value"_s});
    ProjectSettingsDialog dialog(&controller, &secrets, &dialogs);
    dialog.show();
    QSignalSpy done(&secrets, &SecretsController::done);
    QTest::mouseClick(child<QPushButton>(&dialog, u"redteamCanaryStoreButton"_s), Qt::LeftButton);
    QVERIFY(done.wait(20000));
    QTRY_COMPARE(child<QLineEdit>(&dialog, u"redteamCanaryLineEdit"_s)->text(), u"keychain:LIFTOFF_FORM_CANARY"_s);
    save(&dialog);
    QTRY_VERIFY(!dialog.isVisible());
    const QByteArray written = TestSupport::readFile(path);
    QVERIFY(written.contains("canary: keychain:LIFTOFF_FORM_CANARY"));
    QVERIFY(!written.contains("canary-pasted-value"));
    QTRY_VERIFY(!secrets.isBusy());
    QVERIFY(secrets.remove(u"LIFTOFF_FORM_CANARY"_s));
    QVERIFY(done.wait(20000));
}

void TestProjectSettingsDialog::menusOpenTheFormAndReopenTheProject()
{
    const QString path = m_dir.filePath(u"window.yaml"_s);
    QVERIFY(QFile::copy(TestSupport::dataPath(u"config/good/spec-example.yaml"_s), path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    Store store;
    store.open(m_dir.filePath(u"window.sqlite"_s));
    ChecklistDocument document(&store, ChecklistTemplate::builtIn(), u"support-bot"_s, path, {}, u"alice"_s);
    CannedDialogProvider dialogs;
    MainWindow window(&document, &dialogs, {u"production"_s}, u"v1.0.0"_s);
    auto *secrets = new SecretsController(&window);
    window.attachSecrets(secrets);
    window.attachProjectSettings(new ProjectSettingsController(&window), secrets);
    window.show();
    QSignalSpy loaded(&document, &ChecklistDocument::projectLoaded);
    document.open();
    QVERIFY(loaded.wait(5000));

    // Settings ▸ Project… comes first, before Secrets…; File ▸ New Project… before Open Project….
    auto *settingsMenu = window.findChild<QMenu *>(u"settingsMenu"_s);
    QVERIFY(settingsMenu);
    QCOMPARE(settingsMenu->actions().value(0)->objectName(), u"projectSettingsAction"_s);
    QCOMPARE(settingsMenu->actions().value(1)->objectName(), u"secretsAction"_s);
    auto *newProject = window.findChild<QAction *>(u"newProjectAction"_s);
    QVERIFY(newProject);
    const QList<QAction *> file = window.menuBar()->actions().value(0)->menu()->actions();
    QCOMPARE(file.indexOf(newProject) + 1, file.indexOf(window.findChild<QAction *>(u"openProjectAction"_s)));

    QSignalSpy written(&window, &MainWindow::projectWritten);
    // Cancelled settings reopen nothing.
    window.findChild<QAction *>(u"projectSettingsAction"_s)->trigger();
    ProjectSettingsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<ProjectSettingsDialog *>()) != nullptr);
    QCOMPARE(child<QLineEdit>(dialog, u"projectLineEdit"_s)->text(), u"support-bot"_s);
    QTest::mouseClick(child<QDialogButtonBox>(dialog, u"projectSettingsButtonBox"_s)->button(QDialogButtonBox::Cancel),
                      Qt::LeftButton);
    QTRY_VERIFY(!window.findChild<ProjectSettingsDialog *>());
    QCOMPARE(written.count(), 0);

    // A new project: the template is written, the form opens on it, and the app is asked to open it.
    const QString folder = m_dir.filePath(u"from-menu"_s);
    dialogs.newProjectAnswers.append({folder, u"menu-bot"_s});
    newProject->trigger();
    QTRY_VERIFY((dialog = window.findChild<ProjectSettingsDialog *>()) != nullptr);
    QCOMPARE(child<QLineEdit>(dialog, u"projectLineEdit"_s)->text(), u"menu-bot"_s);
    setLine(dialog, u"monthlyUsdLineEdit"_s, u"120"_s);
    save(dialog);
    QTRY_COMPARE(written.count(), 1);
    QCOMPARE(written.at(0).at(0).toString(), folder + u"/liftoff.yaml"_s);
    QVERIFY(TestSupport::readFile(folder + u"/liftoff.yaml"_s).contains("budget:\n  monthly_usd: 120\n"));
    QVERIFY(dialogs.errors.isEmpty());

    // The same folder again: refused, nothing replaced.
    dialogs.newProjectAnswers.append({folder, u"again"_s});
    newProject->trigger();
    QCOMPARE(dialogs.errors.size(), 1);
    QVERIFY(dialogs.errors.at(0).contains(u"already exists"_s));
    window.close();
}

QTEST_MAIN(TestProjectSettingsDialog)
#include "TestProjectSettingsDialog.moc"
