// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReviewDialog.h"

#include "itemmodels/ReviewController.h"
#include "review/ReviewOutcome.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ReviewDialog::ReviewDialog(ReviewController *controller, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_progress(new QLabel(this))
    , m_message(new QLabel(this))
    , m_size(new QSpinBox(this))
    , m_draw(new QPushButton(tr("Draw new sample"), this))
    , m_table(new QTableWidget(0, 4, this))
    , m_prompt(new QPlainTextEdit(this))
    , m_reply(new QPlainTextEdit(this))
    , m_note(new QLineEdit(this))
    , m_good(new QPushButton(tr("&Good"), this))
    , m_bad(new QPushButton(tr("&Bad"), this))
{
    setWindowTitle(tr("Review sample — %1").arg(QString::fromLatin1(ReviewOutcome::ITEM)));
    resize(1100, 680);
    m_progress->setObjectName(u"reviewProgress"_s);
    m_message->setObjectName(u"reviewMessage"_s);
    m_message->setWordWrap(true);
    m_size->setRange(1, 1000);
    m_size->setValue(ReviewOutcome::DEFAULT_SIZE);
    m_size->setSuffix(tr(" calls"));
    m_draw->setObjectName(u"reviewDrawButton"_s);
    m_draw->setAutoDefault(false);
    QDateTime from;
    QDateTime to;
    m_controller->window(&from, &to);
    m_draw->setToolTip(tr("Draw calls at random (the seed is recorded) from the call log between %1 and %2")
                           .arg(QLocale().toString(from.toLocalTime(), QLocale::ShortFormat),
                                QLocale().toString(to.toLocalTime(), QLocale::ShortFormat)));

    m_table->setObjectName(u"reviewCalls"_s);
    m_table->setHorizontalHeaderLabels({tr("#"), tr("When"), tr("Model"), tr("Mark")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setWordWrap(false);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *text : {m_prompt, m_reply}) {
        text->setReadOnly(true);
        text->setFont(mono);
    }
    m_prompt->setObjectName(u"reviewPrompt"_s);
    m_reply->setObjectName(u"reviewReply"_s);
    m_note->setObjectName(u"reviewNote"_s);
    m_note->setPlaceholderText(tr("Optional note (why it is good or bad)"));
    m_good->setObjectName(u"reviewGoodButton"_s);
    m_bad->setObjectName(u"reviewBadButton"_s);
    m_good->setToolTip(tr("The answer is right and fit to send (Alt+G)"));
    m_bad->setToolTip(tr("The answer is wrong, unsafe or unhelpful (Alt+B)"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_progress, 1);
    top->addWidget(m_size);
    top->addWidget(m_draw);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(new QLabel(tr("Prompt"), right));
    rightLayout->addWidget(m_prompt, 3);
    rightLayout->addWidget(new QLabel(tr("Reply"), right));
    rightLayout->addWidget(m_reply, 2);
    auto *markRow = new QHBoxLayout;
    markRow->addWidget(m_note, 1);
    markRow->addWidget(m_good);
    markRow->addWidget(m_bad);
    rightLayout->addLayout(markRow);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({470, 630}); // wide enough for #, time, model and the start of a mark

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);

    connect(m_draw, &QPushButton::clicked, this, [this] {
        m_message->setText(tr("Reading the call log…"));
        m_controller->draw(m_size->value());
    });
    connect(m_good, &QPushButton::clicked, this, [this] { markSelected(ReviewVerdict::Good); });
    connect(m_bad, &QPushButton::clicked, this, [this] { markSelected(ReviewVerdict::Bad); });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showCall(row); });
    connect(m_controller, &ReviewController::sampleLoaded, this, &ReviewDialog::showSample);
    connect(m_controller, &ReviewController::noSample, this, &ReviewDialog::showNoSample);
    connect(m_controller, &ReviewController::failed, this, [this](const QString &message) {
        m_message->setText(message);
        updateButtons();
    });
    connect(m_controller, &ReviewController::itemSettled, this, [this](const QString &summary) { m_message->setText(summary); });
    connect(m_controller, &ReviewController::busyChanged, this, &ReviewDialog::updateButtons);

    showNoSample();
    m_progress->setText(tr("Loading the review sample…"));
    m_controller->load();
}

void ReviewDialog::showNoSample()
{
    m_sample = {};
    m_table->setRowCount(0);
    m_prompt->clear();
    m_reply->clear();
    m_progress->setText(tr("No review sample for this deployment yet."));
    m_message->setText(tr("Draw a sample: Liftoff picks calls at random from the deployment's call log and masks "
                          "personal data; mark each one good or bad and the item passes when all are marked."));
    updateButtons();
}

void ReviewDialog::showSample(const ReviewSample &sample)
{
    const bool first = m_sample.id != sample.id;
    m_sample = sample;
    m_progress->setText(tr("Sample #%1: %2 (seed %3, drawn from %4 calls)")
                            .arg(sample.id)
                            .arg(ReviewOutcome::progress(sample))
                            .arg(sample.seed)
                            .arg(sample.population));
    if (first)
        m_message->clear();
    m_table->setRowCount(int(sample.calls.size()));
    for (int row = 0; row < sample.calls.size(); ++row) {
        const ReviewCall &call = sample.calls.at(row);
        const QString when = call.timeMs ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*call.timeMs).toLocalTime(),
                                                              QLocale::ShortFormat)
                                         : tr("no time");
        const QString mark = call.isMarked() ? ReviewVerdictText::toString(call.verdict)
                + (call.note.isEmpty() ? QString() : u" — "_s + call.note)
                                             : QString();
        const QStringList cells {QString::number(call.position), when, call.model, mark};
        for (int column = 0; column < cells.size(); ++column) {
            auto *cell = new QTableWidgetItem(cells.at(column));
            cell->setToolTip(column == 3 && call.isMarked() ? mark : call.ref);
            m_table->setItem(row, column, cell);
        }
    }
    for (int column = 0; column < 3; ++column) // the mark column takes what is left, its note elided
        m_table->resizeColumnToContents(column);
    // After a mark, go on with the next unmarked call (or stay on the last one).
    int next = m_pendingRow >= 0 ? m_pendingRow : 0;
    for (int row = next; row < sample.calls.size(); ++row) {
        if (!sample.calls.at(row).isMarked()) {
            next = row;
            break;
        }
    }
    m_pendingRow = -1;
    if (!sample.calls.isEmpty())
        m_table->setCurrentCell(std::min(next, int(sample.calls.size()) - 1), 0);
    showCall(m_table->currentRow());
    updateButtons();
}

void ReviewDialog::showCall(int row)
{
    if (row < 0 || row >= m_sample.calls.size()) {
        m_prompt->clear();
        m_reply->clear();
        return;
    }
    const ReviewCall &call = m_sample.calls.at(row);
    m_prompt->setPlainText(call.prompt.isEmpty() ? tr("(no prompt logged)") : call.prompt);
    m_reply->setPlainText(call.response.isEmpty() ? tr("(no reply logged)") : call.response);
    m_note->setText(call.note);
    updateButtons();
}

void ReviewDialog::markSelected(ReviewVerdict verdict)
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_sample.calls.size())
        return;
    m_pendingRow = row;
    m_controller->mark(m_sample.calls.at(row).position, verdict, m_note->text().trimmed());
    m_note->clear();
}

void ReviewDialog::updateButtons()
{
    const bool busy = m_controller->isBusy();
    const bool selected = m_table->currentRow() >= 0 && m_table->currentRow() < m_sample.calls.size();
    m_good->setEnabled(!busy && selected);
    m_bad->setEnabled(!busy && selected);
    m_note->setEnabled(selected);
    m_draw->setEnabled(!busy);
    m_size->setEnabled(!busy);
}
