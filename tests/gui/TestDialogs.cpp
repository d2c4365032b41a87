// SPDX-License-Identifier: GPL-3.0-or-later
#include "MarkDialog.h"
#include "NaDialog.h"
#include "NewDeploymentDialog.h"
#include "WaiverDialog.h"
#include "checklist/ChecklistTemplate.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace Qt::StringLiterals;

/** The dialogs' validation: OK is enabled only for an answer the mark rules will accept. */
class TestDialogs : public QObject
{
    Q_OBJECT

private slots:
    void markDialogNeedsNote();
    void markDialogAsksEvidenceForManualEvidenceItems();
    void waiverDialogNeedsReasonAndFutureExpiry();
    void naDialogNeedsReason();
    void newDeploymentDialogNamesAfterEnvironment();

private:
    static QPushButton *okButton(QDialog *dialog);
    static const ChecklistItem &item(const QString &id);
};

QPushButton *TestDialogs::okButton(QDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

const ChecklistItem &TestDialogs::item(const QString &id)
{
    return *ChecklistTemplate::builtIn().find(id);
}

void TestDialogs::markDialogNeedsNote()
{
    MarkDialog dialog(item(u"infra.health"_s), MarkRequest::Action::Pass);
    QVERIFY(!okButton(&dialog)->isEnabled());
    QVERIFY(!dialog.findChild<QLineEdit *>(u"evidenceLineEdit"_s));
    QTest::keyClicks(dialog.findChild<QPlainTextEdit *>(u"noteTextEdit"_s), u"curl /health: 200"_s);
    QVERIFY(okButton(&dialog)->isEnabled());
    QCOMPARE(dialog.request().action, MarkRequest::Action::Pass);
    QCOMPARE(dialog.request().note, u"curl /health: 200"_s);
}

void TestDialogs::markDialogAsksEvidenceForManualEvidenceItems()
{
    MarkDialog dialog(item(u"sec.red-team-done"_s), MarkRequest::Action::Pass);
    auto *evidence = dialog.findChild<QLineEdit *>(u"evidenceLineEdit"_s);
    QVERIFY(evidence);
    QTest::keyClicks(evidence, u"https://tickets.test/SEC-1"_s);
    dialog.setNote(u"garak run"_s);
    QCOMPARE(dialog.request().evidence, u"https://tickets.test/SEC-1"_s);
    MarkDialog fail(item(u"sec.red-team-done"_s), MarkRequest::Action::Fail);
    QVERIFY(!fail.findChild<QLineEdit *>(u"evidenceLineEdit"_s));
}

void TestDialogs::waiverDialogNeedsReasonAndFutureExpiry()
{
    WaiverDialog dialog(item(u"infra.cors"_s));
    auto *expiry = dialog.findChild<QDateEdit *>(u"expiryDateEdit"_s);
    QCOMPARE(expiry->date(), QDate::currentDate().addDays(WaiverDialog::DEFAULT_DAYS));
    QVERIFY(!okButton(&dialog)->isEnabled());
    QTest::keyClicks(dialog.findChild<QPlainTextEdit *>(u"reasonTextEdit"_s), u"fixed in 1.4.1"_s);
    QVERIFY(okButton(&dialog)->isEnabled());
    expiry->setDate(QDate::currentDate().addDays(-3)); // clamped to the minimum: today, still ahead until 23:59:59
    QVERIFY(expiry->date() >= QDate::currentDate());
    const MarkRequest request = dialog.request();
    QCOMPARE(request.action, MarkRequest::Action::Waive);
    QCOMPARE(request.note, u"fixed in 1.4.1"_s);
    QVERIFY(request.expires > QDateTime::currentDateTime());
    const QDateTime week = QDateTime(QDate::currentDate().addDays(7), QTime(23, 59, 59));
    dialog.setExpiryDate(week.date());
    QCOMPARE(dialog.request().expires, week);
}

void TestDialogs::naDialogNeedsReason()
{
    NaDialog dialog(item(u"rb.migrations-reversible"_s));
    QVERIFY(!okButton(&dialog)->isEnabled());
    QTest::keyClicks(dialog.findChild<QPlainTextEdit *>(u"reasonTextEdit"_s), u"   "_s);
    QVERIFY(!okButton(&dialog)->isEnabled());
    dialog.setReason(u"no database"_s);
    QVERIFY(okButton(&dialog)->isEnabled());
    QCOMPARE(dialog.request().action, MarkRequest::Action::Na);
}

void TestDialogs::newDeploymentDialogNamesAfterEnvironment()
{
    const QDateTime now(QDate(2026, 11, 26), QTime(14, 30));
    NewDeploymentDialog dialog({u"production"_s, u"staging"_s}, u"v1.4.0"_s, nullptr, now);
    QCOMPARE(dialog.request().name, u"production-2026-11-26-1430"_s);
    QCOMPARE(dialog.request().version, u"v1.4.0"_s);
    dialog.findChild<QComboBox *>(u"environmentComboBox"_s)->setCurrentIndex(1);
    QCOMPARE(dialog.request().name, u"staging-2026-11-26-1430"_s);
    auto *name = dialog.findChild<QLineEdit *>(u"nameLineEdit"_s);
    name->selectAll();
    QTest::keyClicks(name, u"hotfix"_s);
    dialog.findChild<QComboBox *>(u"environmentComboBox"_s)->setCurrentIndex(0);
    QCOMPARE(dialog.request().name, u"hotfix"_s); // an edited name stays
    QCOMPARE(dialog.request().environment, u"production"_s);
    name->clear();
    QVERIFY(!okButton(&dialog)->isEnabled());
}

QTEST_MAIN(TestDialogs)
#include "TestDialogs.moc"
