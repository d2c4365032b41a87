// SPDX-License-Identifier: GPL-3.0-or-later
#include "QualityPage.h"

#include "DialogProvider.h"
#include "itemmodels/EvalCaseTableModel.h"
#include "itemmodels/EvalRunListModel.h"
#include "itemmodels/QualityController.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QTableView *makeTable(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

/** The case as a reviewer reads it: outcome, figures, each assertion, the answer; the baseline's beside. */
QString describe(const EvalRunComparison::Row &row, bool compared)
{
    QStringList lines;
    lines.append(compared ? row.caseId + u" — "_s + EvalRunComparison::changeText(row.change) : row.caseId);
    const auto section = [&lines](const QString &title, const EvalCaseResult &r) {
        lines.append(QString());
        QStringList figures {r.passed ? QualityPage::tr("pass") : QualityPage::tr("FAIL")};
        if (r.httpStatus > 0)
            figures.append(QualityPage::tr("HTTP %1").arg(r.httpStatus));
        if (r.latencyMs >= 0)
            figures.append(QualityPage::tr("%1 ms").arg(r.latencyMs));
        if (r.attempts > 1)
            figures.append(QualityPage::tr("%1 attempts (rate limited)").arg(r.attempts));
        if (r.tokens)
            figures.append(QualityPage::tr("%1 tokens").arg(*r.tokens));
        if (r.costUsd)
            figures.append(u"$"_s + QString::number(*r.costUsd, 'f', 5));
        lines.append(title + u": "_s + figures.join(u" · "_s));
        if (!r.error.isEmpty())
            lines.append(QualityPage::tr("  error: %1").arg(r.error));
        for (const EvalAssertionOutcome &a : r.assertions) {
            QString line = (a.ok ? u"  ✓ "_s : u"  ✗ "_s) + a.kind;
            if (!a.expected.isEmpty())
                line += u" "_s + a.expected.left(160);
            if (!a.detail.isEmpty())
                line += u" — "_s + a.detail.left(300);
            lines.append(line);
        }
        lines.append(QualityPage::tr("  answer:"));
        lines.append(r.output.isEmpty() ? QualityPage::tr("  (empty)") : r.output);
    };
    if (row.current)
        section(QualityPage::tr("This run"), *row.current);
    if (row.baseline)
        section(QualityPage::tr("Baseline"), *row.baseline);
    return lines.join(u'\n');
}
} // namespace

QualityPage::QualityPage(QualityController *controller, DialogProvider *dialogs, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_dialogs(dialogs)
    , m_status(new QLabel(this))
    , m_baseline(new QLabel(this))
    , m_message(new QLabel(this))
    , m_environment(new QComboBox(this))
    , m_runButton(new QPushButton(tr("&Run Eval Set"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_blessButton(new QPushButton(tr("&Bless as Baseline…"), this))
    , m_progress(new QProgressBar(this))
    , m_filter(new QComboBox(this))
    , m_caseSummary(new QLabel(this))
    , m_runsView(makeTable(controller->runModel(), u"evalRunsView"_s, this))
    , m_casesView(makeTable(controller->caseModel(), u"evalCasesView"_s, this))
    , m_caseDetail(new QPlainTextEdit(this))
{
    m_status->setObjectName(u"qualityStatusLabel"_s);
    m_status->setWordWrap(true);
    m_baseline->setObjectName(u"qualityBaselineLabel"_s);
    m_baseline->setWordWrap(true);
    m_baseline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(u"qualityMessageLabel"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    m_environment->setObjectName(u"evalEnvironmentComboBox"_s);
    m_environment->addItems(controller->environments());
    m_runButton->setObjectName(u"evalRunButton"_s);
    m_runButton->setToolTip(tr("Replay the eval set against the chosen environment and store the run with this "
                               "deployment's prompt versions"));
    m_cancelButton->setObjectName(u"evalCancelButton"_s);
    m_cancelButton->setToolTip(tr("Start nothing new; the cases that finished stay stored"));
    m_blessButton->setObjectName(u"evalBlessButton"_s);
    m_blessButton->setToolTip(tr("Make the selected complete run the baseline of its prompt versions (audited)"));
    m_progress->setObjectName(u"evalProgressBar"_s);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_filter->setObjectName(u"evalCaseFilterComboBox"_s);
    m_filter->addItem(tr("All cases"), int(EvalCaseTableModel::Filter::All));
    m_filter->addItem(tr("Flipped or failing"), int(EvalCaseTableModel::Filter::FlippedOrFailing));
    m_filter->addItem(tr("Flipped only"), int(EvalCaseTableModel::Filter::Flipped));
    m_caseSummary->setObjectName(u"evalCaseSummaryLabel"_s);
    m_caseDetail->setObjectName(u"evalCaseDetail"_s);
    m_caseDetail->setReadOnly(true);
    m_caseDetail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_caseDetail->setPlaceholderText(tr("Select a case to read its answer and assertions."));

    auto *againstLabel = new QLabel(tr("&Against"), this);
    againstLabel->setBuddy(m_environment);
    auto *actions = new QHBoxLayout;
    actions->addWidget(againstLabel);
    actions->addWidget(m_environment);
    actions->addWidget(m_runButton);
    actions->addWidget(m_cancelButton);
    actions->addWidget(m_progress, 1);
    actions->addStretch();
    actions->addWidget(m_blessButton);

    auto *caseBar = new QHBoxLayout;
    auto *showLabel = new QLabel(tr("&Show"), this);
    showLabel->setBuddy(m_filter);
    caseBar->addWidget(showLabel);
    caseBar->addWidget(m_filter);
    caseBar->addWidget(m_caseSummary, 1);

    auto *casesPane = new QWidget(this);
    auto *casesLayout = new QVBoxLayout(casesPane);
    casesLayout->setContentsMargins(0, 0, 0, 0);
    casesLayout->addLayout(caseBar);
    casesLayout->addWidget(m_casesView, 1);

    auto *caseSplitter = new QSplitter(Qt::Horizontal, this);
    caseSplitter->setObjectName(u"qualityCaseSplitter"_s);
    caseSplitter->addWidget(casesPane);
    caseSplitter->addWidget(m_caseDetail);
    caseSplitter->setStretchFactor(0, 3);
    caseSplitter->setStretchFactor(1, 2);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"qualitySplitter"_s);
    splitter->addWidget(m_runsView);
    splitter->addWidget(caseSplitter);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({160, 500});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_baseline);
    layout->addLayout(actions);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    connect(m_runButton, &QPushButton::clicked, this, [this] {
        m_message->hide();
        m_controller->startRun(m_environment->currentText());
    });
    connect(m_cancelButton, &QPushButton::clicked, m_controller, &QualityController::cancelRun);
    connect(m_blessButton, &QPushButton::clicked, this, &QualityPage::blessSelectedRun);
    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        m_controller->caseModel()->setFilter(EvalCaseTableModel::Filter(m_filter->currentData().toInt()));
        handleCasesChanged();
    });
    connect(m_runsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (m_updating)
            return;
        m_controller->selectRun(selectedRunId());
        updateButtons();
    });
    connect(m_casesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &QualityPage::handleCaseSelected);
    connect(m_controller, &QualityController::runsChanged, this, &QualityPage::handleRunsChanged);
    connect(m_controller, &QualityController::casesChanged, this, &QualityPage::handleCasesChanged);
    connect(m_controller, &QualityController::runningChanged, this, [this](bool running) {
        m_progress->setVisible(running);
        updateButtons();
    });
    connect(m_controller, &QualityController::busyChanged, this, &QualityPage::updateButtons);
    connect(m_controller, &QualityController::progressChanged, this, &QualityPage::handleProgress);
    connect(m_controller, &QualityController::runFinished, this, [this](const QString &s) { showMessage(s, false); });
    connect(m_controller, &QualityController::blessed, this, [this](const QString &s) { showMessage(s, false); });
    connect(m_controller, &QualityController::failed, this, [this](const QString &s) { showMessage(s, true); });
    handleRunsChanged();
    handleCasesChanged();
}

qint64 QualityPage::selectedRunId() const
{
    const QModelIndex current = m_runsView->selectionModel()->currentIndex();
    return current.isValid() ? current.data(EvalRunListModel::RunIdRole).toLongLong() : 0;
}

void QualityPage::handleRunsChanged()
{
    m_status->setText(m_controller->statusText());
    m_baseline->setText(m_controller->baselineText());
    m_baseline->setVisible(m_controller->hasEvals() && !m_controller->baselineText().isEmpty());
    const QString environment = m_controller->defaultEnvironment();
    if (!m_controller->isRunning() && !environment.isEmpty())
        m_environment->setCurrentText(environment);
    // Keep the controller's selection (the new run, or the one the user picked) without re-asking it.
    m_updating = true;
    const int row = m_controller->runModel()->rowOf(m_controller->selectedRunId());
    if (row >= 0)
        m_runsView->selectionModel()->setCurrentIndex(m_controller->runModel()->index(row, 0),
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    else
        m_runsView->selectionModel()->clear();
    m_updating = false;
    m_runsView->resizeColumnsToContents();
    updateButtons();
}

void QualityPage::handleCasesChanged()
{
    EvalCaseTableModel *cases = m_controller->caseModel();
    using Change = EvalRunComparison::Change;
    if (cases->totalRows() == 0) {
        m_caseSummary->setText(m_controller->runModel()->rowCount() == 0 && m_controller->hasEvals()
                                   ? tr("No eval run for this deployment yet: press Run Eval Set.")
                                   : QString());
    } else {
        const int fresh = cases->count(Change::New);
        QStringList parts;
        parts.append(cases->casesRun() == 1 ? tr("%1 of 1 case passes").arg(cases->casesPassed())
                                            : tr("%1 of %2 cases pass").arg(cases->casesPassed()).arg(cases->casesRun()));
        if (m_controller->baseline() && m_controller->selectedRunId() != m_controller->baseline()->runId) {
            parts.append(tr("%1 regressed").arg(cases->count(Change::Regressed)));
            parts.append(tr("%1 fixed").arg(cases->count(Change::Fixed)));
            if (fresh > 0)
                parts.append(tr("%1 new").arg(fresh));
            if (const int missing = cases->count(Change::Missing))
                parts.append(tr("%1 of the baseline not run").arg(missing));
        } else if (m_controller->baseline()) {
            parts.append(tr("this run is the baseline"));
        }
        m_caseSummary->setText(parts.join(u" · "_s));
    }
    m_casesView->resizeColumnsToContents();
    // A reset (a new case of a live run, another filter) keeps the case the user was reading.
    int keep = cases->rowCount() > 0 ? 0 : -1;
    for (int i = 0; i < cases->rowCount(); ++i) {
        if (cases->rowAt(i)->caseId == m_selectedCaseId)
            keep = i;
    }
    if (keep >= 0 && m_casesView->selectionModel()->currentIndex().row() != keep)
        m_casesView->selectRow(keep);
    handleCaseSelected();
}

void QualityPage::handleCaseSelected()
{
    const QModelIndex current = m_casesView->selectionModel()->currentIndex();
    const EvalRunComparison::Row *row = current.isValid() ? m_controller->caseModel()->rowAt(current.row()) : nullptr;
    if (row)
        m_selectedCaseId = row->caseId;
    const QString text = row ? describe(*row, m_controller->caseModel()->haveBaseline()) : QString();
    if (text != m_caseDetail->toPlainText())
        m_caseDetail->setPlainText(text);
}

void QualityPage::handleProgress(int done, int total, int failed)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    m_progress->setFormat(total == 0 ? tr("Reading the eval set…")
                                     : tr("%1 of %2 cases · %3 failed").arg(done).arg(total).arg(failed));
}

void QualityPage::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? u"color: palette(bright-text); background: #b3261e; padding: 4px;"_s : QString());
    m_message->setVisible(!text.isEmpty());
}

void QualityPage::blessSelectedRun()
{
    const qint64 runId = selectedRunId();
    if (!m_controller->canBless(runId))
        return;
    const std::optional<QString> note = m_dialogs->askText(
        this, tr("Bless Eval Run %1").arg(runId),
        tr("Why is run %1 the baseline of this deployment's prompt versions? (kept in the audit trail)").arg(runId));
    if (!note)
        return;
    if (note->trimmed().isEmpty()) {
        showMessage(tr("A blessing needs a reason: say why this run is the baseline."), true);
        return;
    }
    m_controller->bless(runId, *note);
}

void QualityPage::updateButtons()
{
    const bool running = m_controller->isRunning();
    const bool hasEvals = m_controller->hasEvals();
    m_runButton->setEnabled(hasEvals && !running && m_environment->count() > 0);
    m_cancelButton->setVisible(running);
    m_environment->setEnabled(!running);
    m_blessButton->setEnabled(!m_controller->isBusy() && m_controller->canBless(selectedRunId()));
}
