// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedDialogProvider.h"
#include "ItemDetailPanel.h"
#include "MainWindow.h"
#include "ReviewDialog.h"
#include "SectionPage.h"
#include "checklist/ChecklistTemplate.h"
#include "config/ConfigLoader.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/ReviewController.h"
#include "store/Store.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/**
 * The review queue in the GUI: the Review sample… button of h24.review-sample opens it, Draw reads
 * the project's real call log off the GUI thread, Good / Bad store each mark in the real SQLite
 * store, and the last mark decides the item in the checklist.
 */
class TestReviewDialog : public QObject
{
    Q_OBJECT

private slots:
    void drawMarkAndSettle();
};

void TestReviewDialog::drawMarkAndSettle()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString configPath = dir.filePath(u"liftoff.yaml"_s);
    QFile config(configPath);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("version: 1\nproject: review-gui\nenvironments:\n  production:\n    url: http://127.0.0.1:1\n"
                 "sources:\n  calls:\n    - {jsonl: calls.jsonl}\n");
    config.close();
    QFile log(dir.filePath(u"calls.jsonl"_s));
    QVERIFY(log.open(QIODevice::WriteOnly));
    for (int i = 0; i < 8; ++i)
        log.write(QJsonDocument(QJsonObject {{u"ts"_s, QDateTime::currentDateTimeUtc().addSecs(-60 * (i + 1)).toString(Qt::ISODate)},
                                             {u"model"_s, u"gpt-4o-mini"_s},
                                             {u"prompt"_s, u"Refund for order %1? Mail me at jo%1@example.com"_s.arg(i)},
                                             {u"response"_s, u"Refunds take 5 days."_s}})
                      .toJson(QJsonDocument::Compact)
                  + "\n");
    log.close();
    const ConfigLoadResult loaded = ConfigLoader::loadFile(configPath);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));

    Store store;
    store.open(dir.filePath(u"liftoff.sqlite"_s));
    ChecklistDocument document(&store, ChecklistTemplate::builtIn(), loaded.project->name, configPath, {}, u"alice"_s);
    CannedDialogProvider dialogs;
    MainWindow window(&document, &dialogs, {u"production"_s}, u"v1"_s);
    QNetworkAccessManager nam;
    auto *controller = new ReviewController(&document, *loaded.project, &nam, &window);
    window.attachReview(controller);
    window.show();
    QSignalSpy loadedProject(&document, &ChecklistDocument::projectLoaded);
    document.open();
    QVERIFY(loadedProject.wait(10000));
    QVERIFY(document.createDeployment(u"production"_s, u"v1"_s, u"prod-1"_s).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(document.hasDeployment(), 10000);

    // The item's detail panel has the button; it opens the dialog.
    SectionPage *page = nullptr;
    for (SectionPage *candidate : window.findChildren<SectionPage *>()) {
        if (candidate->selectItem(u"h24.review-sample"_s))
            page = candidate;
    }
    QVERIFY(page);
    auto *open = page->detailPanel()->findChild<QPushButton *>(u"reviewSampleButton"_s);
    QVERIFY(open);
    QTRY_VERIFY(!open->isHidden() && open->isEnabled()); // its tab need not be the current one
    open->click();
    ReviewDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<ReviewDialog *>()) != nullptr);
    auto *progress = dialog->findChild<QLabel *>(u"reviewProgress"_s);
    QTRY_COMPARE(progress->text(), u"No review sample for this deployment yet."_s);

    auto *size = dialog->findChild<QSpinBox *>();
    size->setValue(3);
    dialog->findChild<QPushButton *>(u"reviewDrawButton"_s)->click();
    auto *table = dialog->findChild<QTableWidget *>(u"reviewCalls"_s);
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 3, 10000);
    const QString prompt = dialog->findChild<QPlainTextEdit *>(u"reviewPrompt"_s)->toPlainText();
    QVERIFY2(prompt.startsWith(u"user: Refund for order"_s) && !prompt.contains(u"@example.com"_s), qPrintable(prompt));

    auto *good = dialog->findChild<QPushButton *>(u"reviewGoodButton"_s);
    auto *bad = dialog->findChild<QPushButton *>(u"reviewBadButton"_s);
    QSignalSpy settled(controller, &ReviewController::itemSettled);
    QTRY_VERIFY(good->isEnabled());
    good->click();
    QTRY_VERIFY(progress->text().contains(u"1 of 3"_s));
    QTRY_VERIFY(bad->isEnabled());
    dialog->findChild<QLineEdit *>(u"reviewNote"_s)->setText(u"promises a refund policy we do not have"_s);
    bad->click();
    QTRY_VERIFY(progress->text().contains(u"2 of 3 calls reviewed (1 bad)"_s));
    QCOMPARE(table->currentRow(), 2); // moved on to the next unmarked call
    QTRY_VERIFY(good->isEnabled());
    good->click();
    QVERIFY(settled.wait(10000));
    QVERIFY2(settled.first().first().toString().contains(u"warn"_s), qPrintable(settled.first().first().toString()));

    // The checklist shows it once the document re-read the store.
    ChecklistModel *model = document.model();
    const int row = model->rowOf(u"h24.review-sample"_s);
    QVERIFY(row >= 0);
    QTRY_COMPARE(model->index(row, 0).data(ChecklistModel::StoredStatusRole).value<Status>(), Status::Warn);
    const QByteArray screenshot = qgetenv("LIFTOFF_REVIEW_SCREENSHOT");
    if (!screenshot.isEmpty())
        QVERIFY(dialog->grab().save(QString::fromLocal8Bit(screenshot)));
    dialog->close();
}

QTEST_MAIN(TestReviewDialog)
#include "TestReviewDialog.moc"
