// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedDialogProvider.h"
#include "MainWindow.h"
#include "PromptDiffView.h"
#include "PromptsPage.h"
#include "checklist/ChecklistTemplate.h"
#include "demo/DemoProject.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/PromptCatalogModel.h"
#include "itemmodels/PromptsController.h"
#include "prompts/PromptDiff.h"
#include "store/Store.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTreeView>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
/** Character ranges of a view's text that carry a background (the highlighted words). */
int highlightedFragments(QPlainTextEdit *view, bool dashedOnly = false)
{
    int count = 0;
    for (QTextBlock block = view->document()->firstBlock(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.background().style() == Qt::NoBrush)
                continue;
            if (dashedOnly && format.underlineStyle() != QTextCharFormat::DashUnderline)
                continue;
            ++count;
        }
    }
    return count;
}

int tintedBlocks(QPlainTextEdit *view)
{
    int count = 0;
    for (QTextBlock block = view->document()->firstBlock(); block.isValid(); block = block.next())
        count += block.blockFormat().background().style() != Qt::NoBrush ? 1 : 0;
    return count;
}
} // namespace

/** The Prompts tab: two versions side by side with highlights, scrolling together, on the demo repository. */
class TestPromptsPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void diffViewShowsRowsAligned();
    void diffViewScrollsInSync();
    void promptsTabComparesTheDemoDeployments();
};

void TestPromptsPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LiftoffTests"_s);
    QCoreApplication::setApplicationName(u"TestPromptsPage"_s);
    QSettings().clear();
}

void TestPromptsPage::diffViewShowsRowsAligned()
{
    PromptDiffView view;
    view.resize(800, 400);
    view.show();
    const PromptDiffResult diff = PromptDiff::compare("same\nBe brief and friendly.\n  indent\nold only\n",
                                                      "same\nBe brief, friendly and precise.\n    indent\nnew only\nmore\n");
    QCOMPARE(diff.whitespaceOnlyRows, 1);
    view.setDiff(diff, u"left"_s, u"right"_s);
    QPlainTextEdit *left = view.findChild<QPlainTextEdit *>(u"leftTextEdit"_s);
    QPlainTextEdit *right = view.findChild<QPlainTextEdit *>(u"rightTextEdit"_s);
    QVERIFY(left && right);
    QVERIFY(left->isReadOnly() && right->isReadOnly());
    // One block per row on both sides, so the rows line up.
    QCOMPARE(left->document()->blockCount(), int(diff.rows.size()));
    QCOMPARE(right->document()->blockCount(), int(diff.rows.size()));
    QCOMPARE(left->document()->firstBlock().text(), u"same"_s);
    QVERIFY(highlightedFragments(left) >= 1);
    QVERIFY(highlightedFragments(right) >= 1);
    QVERIFY(highlightedFragments(right, true) >= 1); // the whitespace-only change is dashed
    QVERIFY(tintedBlocks(left) >= 3);
    QCOMPARE(tintedBlocks(left), tintedBlocks(right)); // filler rows are tinted too
    QVERIFY(view.findChild<QLabel *>(u"legendLabel"_s)->text().contains(u"whitespace"_s));

    // A dark palette gives dark tints: colours come from the palette, not fixed.
    const QColor lightTint = left->document()->firstBlock().next().blockFormat().background().color();
    QPalette dark = view.palette();
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(220, 220, 220));
    view.setPalette(dark);
    const QColor darkTint = left->document()->firstBlock().next().blockFormat().background().color();
    QVERIFY2(darkTint.lightness() < lightTint.lightness(), qPrintable(darkTint.name() + u" vs "_s + lightTint.name()));
}

void TestPromptsPage::diffViewScrollsInSync()
{
    QByteArray a;
    QByteArray b;
    for (int i = 0; i < 400; ++i) {
        a += "line " + QByteArray::number(i) + " of a long prompt that is wider than the view, really quite wide\n";
        b += (i % 50 == 0 ? "changed " : "line ") + QByteArray::number(i)
             + " of a long prompt that is wider than the view, really quite wide\n";
    }
    PromptDiffView view;
    view.resize(500, 300);
    view.show();
    view.setDiff(PromptDiff::compare(a, b), u"a"_s, u"b"_s);
    QPlainTextEdit *left = view.leftView();
    QPlainTextEdit *right = view.rightView();
    QTRY_VERIFY(left->verticalScrollBar()->maximum() > 100);
    left->verticalScrollBar()->setValue(120);
    QCOMPARE(right->verticalScrollBar()->value(), 120);
    right->verticalScrollBar()->setValue(7);
    QCOMPARE(left->verticalScrollBar()->value(), 7);
    QTRY_VERIFY(right->horizontalScrollBar()->maximum() > 0);
    // Within both ranges the columns stay aligned (a longer side may scroll further on its own).
    const int column = std::min(left->horizontalScrollBar()->maximum(), right->horizontalScrollBar()->maximum()) / 2;
    right->horizontalScrollBar()->setValue(column);
    QCOMPARE(left->horizontalScrollBar()->value(), column);
}

void TestPromptsPage::promptsTabComparesTheDemoDeployments()
{
    QTemporaryDir dir;
    QVERIFY(DemoProject::write(dir.path(), QUrl(u"http://127.0.0.1:9"_s), u"liftoff"_s).isEmpty());
    const QString dbPath = dir.filePath(u"liftoff.sqlite"_s);
    const QString configPath = dir.filePath(u"liftoff.yaml"_s);
    QCOMPARE(DemoProject::seedDeployments(dbPath, configPath), QString());

    ProjectConfig project;
    project.name = u"demo-support-bot"_s;
    project.repoPath = dir.filePath(u"repo"_s);
    PromptSourceConfig prompts;
    prompts.gitFolder = u"prompts/"_s;
    project.prompts = prompts;

    Store store;
    store.open(dbPath);
    ChecklistDocument document(&store, ChecklistTemplate::builtIn(), project.name, configPath, {}, u"alice"_s);
    CannedDialogProvider dialogs;
    MainWindow window(&document, &dialogs, {u"demo"_s}, u"v1.4.0"_s);
    QNetworkAccessManager nam;
    auto *controller = new PromptsController(&document, &nam, project, dbPath, &window);
    QAbstractItemModelTester tester(controller->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.attachPrompts(controller);
    window.resize(1400, 820);
    window.show();
    QSignalSpy changed(controller, &PromptsController::catalogChanged);
    document.open();
    QTRY_VERIFY_WITH_TIMEOUT(controller->model()->rowCount() == 2 && !controller->isLoading(), 10000);
    QCOMPARE(controller->currentDeploymentName(), u"v1.4.0"_s);
    QCOMPARE(controller->previousDeploymentName(), u"v1.3.2"_s);
    QCOMPARE(controller->changedSincePrevious(), (QStringList {u"prompts/refund.md"_s, u"prompts/system.md"_s}));
    // The recorded versions (schema v5) say which commit each deployment shipped.
    QCOMPARE(controller->currentVersionIndex(u"prompts/system.md"_s), 0);
    QCOMPARE(controller->previousVersionIndex(u"prompts/system.md"_s), 1);

    auto *tabs = window.findChild<QTabWidget *>(u"sectionTabWidget"_s);
    auto *page = window.findChild<PromptsPage *>(u"promptsPage"_s);
    QVERIFY(tabs && page);
    tabs->setCurrentWidget(page);
    // Default: the previous deployment's version (left) against the current one (right).
    QTRY_COMPARE(page->currentPrompt(), u"prompts/refund.md"_s);
    auto *leftPicker = page->findChild<QComboBox *>(u"leftVersionComboBox"_s);
    auto *rightPicker = page->findChild<QComboBox *>(u"rightVersionComboBox"_s);
    QCOMPARE(leftPicker->currentIndex(), 1);
    QCOMPARE(rightPicker->currentIndex(), 0);
    QVERIFY(rightPicker->currentText().contains(u"shipped by v1.4.0"_s));
    QVERIFY(page->findChild<QLabel *>(u"leftTitleLabel"_s)->text().endsWith(u"(v1.3.2)"_s));
    PromptDiffView *diffView = page->diffView();
    QVERIFY(diffView->leftView()->toPlainText().contains(u"Refund policy"_s));
    QVERIFY(highlightedFragments(diffView->rightView()) >= 1);
    QVERIFY(highlightedFragments(diffView->rightView(), true) >= 1); // "  Ask … first. " is whitespace only

    // Picking the other prompt in the tree shows it, still previous against current.
    auto *tree = page->findChild<QTreeView *>(u"promptsTreeView"_s);
    tree->setCurrentIndex(controller->model()->indexOfPrompt(u"prompts/system.md"_s));
    QCOMPARE(page->currentPrompt(), u"prompts/system.md"_s);
    QVERIFY(diffView->rightView()->toPlainText().contains(u"offer a human agent"_s));
    QVERIFY(!diffView->leftView()->toPlainText().contains(u"offer a human agent"_s));

    tree->setCurrentIndex(controller->model()->indexOfPrompt(u"prompts/refund.md"_s));
    const QByteArray screenshot = qgetenv("LIFTOFF_PROMPTS_SCREENSHOT");
    if (!screenshot.isEmpty())
        QVERIFY(window.grab().save(QString::fromLocal8Bit(screenshot)));
}

QTEST_MAIN(TestPromptsPage)
#include "TestPromptsPage.moc"
