// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigLoader.h"
#include "config/ConfigWriter.h"
#include "config/ProjectForm.h"

#include "TestSupport.h"

#include <QTest>

using namespace Qt::StringLiterals;

/** ProjectForm: the project form's fields read from liftoff.yaml, and only changed fields written back. */
class TestProjectForm : public QObject
{
    Q_OBJECT

private slots:
    void readsTheSpecExample();
    void unchangedFormMakesNoEdits();
    void changedFieldsKeepWhatTheFormDoesNotShow();
    void argumentsRoundTrip_data();
    void argumentsRoundTrip();

private:
    static QString example() { return QString::fromUtf8(TestSupport::readFile(TestSupport::dataPath(u"config/good/spec-example.yaml"_s))); }
};

void TestProjectForm::readsTheSpecExample()
{
    const ProjectForm form = ProjectForm::fromYaml(example());
    QCOMPARE(form.project, u"support-bot"_s);
    QCOMPARE(form.environments.size(), 2);
    QCOMPARE(form.environments.at(0), (ProjectForm::Environment {u"production"_s, u"https://api.example.com"_s}));
    QCOMPARE(form.healthUrl, u"{url}/health"_s);
    QCOMPARE(form.monthlyUsd, u"500"_s);
    QCOMPARE(form.alerts, u"50, 75, 90"_s);
    QCOMPARE(form.expectedDailyUsd, u"5, 40"_s);
    QCOMPARE(form.budgetNotify, u"release-room"_s);
    QCOMPARE(form.channels.size(), 3);
    QCOMPARE(form.channels.at(2), (ProjectForm::Channel {u"pager"_s, u"webhook"_s, u"env:PAGER_URL"_s}));
    QCOMPARE(form.costAdapter, u"openai"_s);
    QCOMPARE(form.costKey, u"env:OPENAI_ADMIN_KEY"_s);
    QCOMPARE(form.calls.size(), 1);
    QCOMPARE(form.calls.at(0).kind, u"otel"_s);
    QCOMPARE(form.rollbackCommand, u"vercel rollback --yes"_s);
    QCOMPARE(form.rollbackDryRun, u"vercel rollback --dry-run"_s);
    QCOMPARE(form.flagsBaseUrl, u"http://localhost:8016"_s);
    QCOMPARE(form.flagsFlag, u"ai-enabled"_s);
    QCOMPARE(form.evalsDataset, u"evals/cases.yaml"_s);
    QCOMPARE(form.evalsTargetUrl, u"{url}/v1/chat"_s);
    QCOMPARE(form.redteamTargetUrl, u"{url}/v1/chat"_s);
    QCOMPARE(form.redteamCanary, u"env:SYSTEM_PROMPT_CANARY"_s);
    QCOMPARE(form.notApplicable, (QList<ProjectForm::NotApplicable> {{u"rb.migrations-reversible"_s, {}}}));
}

void TestProjectForm::unchangedFormMakesNoEdits()
{
    const ProjectForm form = ProjectForm::fromYaml(example());
    QVERIFY(form.editsFrom(form).isEmpty());
}

void TestProjectForm::changedFieldsKeepWhatTheFormDoesNotShow()
{
    const QString yaml = example();
    const ProjectForm original = ProjectForm::fromYaml(yaml);
    ProjectForm form = original;
    form.channels[2].target = u"keychain:PAGER_URL"_s;
    form.environments[0].url = u"https://api2.example.com"_s;
    form.notApplicable.append({u"infra.cors"_s, u"no browser clients"_s});
    form.costKey = u"keychain:OPENAI_ADMIN"_s;
    const QString edited = ConfigWriter::apply(yaml, form.editsFrom(original));
    const ConfigLoadResult loaded = ConfigLoader::loadText(edited.toUtf8(), u"liftoff.yaml"_s, TestSupport::dataPath(u"config/good"_s));
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
    QVERIFY(edited.contains(u"  pager: {webhook: keychain:PAGER_URL, headers: {X-Token: env:PAGER_TOKEN}}"_s));
    QVERIFY(edited.contains(u"    url: https://api2.example.com\n    headers: {Authorization: env:PROD_PROBE_TOKEN}"_s));
    QVERIFY(edited.contains(u"openai: {admin_key: keychain:OPENAI_ADMIN, project_ids: [proj_abc]}"_s));
    QVERIFY(loaded.project->checks.value(u"infra.cors"_s).notApplicable);
    QCOMPARE(ProjectForm::fromYaml(edited), form);
}

void TestProjectForm::argumentsRoundTrip_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::newRow("plain") << QStringList {u"vercel"_s, u"rollback"_s, u"--yes"_s};
    QTest::newRow("spaces") << QStringList {u"/opt/my tools/deploy"_s, u"--note"_s, u"roll back now"_s};
    QTest::newRow("placeholder") << QStringList {u"fly"_s, u"--url"_s, u"{url}"_s};
}

void TestProjectForm::argumentsRoundTrip()
{
    QFETCH(QStringList, argv);
    QCOMPARE(ProjectForm::splitArguments(ProjectForm::joinArguments(argv)), argv);
}

QTEST_APPLESS_MAIN(TestProjectForm)
#include "TestProjectForm.moc"
