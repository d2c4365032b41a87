// SPDX-License-Identifier: GPL-3.0-or-later
#include "ItemDetailPanel.h"

#include "itemmodels/AuditTableModel.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "review/ReviewOutcome.h"
#include "itemmodels/StatusStyle.h"
#include "probes/UptimeMonitor.h"
#include "MinimumHeightContent.h"
#include "UptimeSparkline.h"
#include "charts/ItemChartPanel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QLabel *makeValueLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QLabel *makeCaption(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}
} // namespace

ItemDetailPanel::ItemDetailPanel(ChecklistDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_auditModel(new AuditTableModel(this))
{
    setObjectName(u"itemDetailPanel"_s);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    // The details scroll when a chart makes them taller than the page, instead of squashing the
    // evidence and history below their minimums or raising the window's minimum height; the
    // buttons stay below.
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(u"itemDetailScrollArea"_s);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    auto *content = new MinimumHeightContent(scroll);
    content->setObjectName(u"itemDetailContent"_s);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(12, 4, 8, 8);
    layout->setSpacing(4);

    m_titleLabel = makeValueLabel(u"itemTitleLabel"_s, content);
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_titleLabel->setFont(titleFont);
    layout->addWidget(m_titleLabel);
    m_metaLabel = makeValueLabel(u"itemMetaLabel"_s, content);
    m_metaLabel->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_metaLabel);

    auto *statusRow = new QHBoxLayout;
    m_statusLabel = new QLabel(content);
    m_statusLabel->setObjectName(u"itemStatusLabel"_s);
    m_statusLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_statusByLabel = makeValueLabel(u"itemStatusByLabel"_s, content);
    statusRow->addWidget(m_statusLabel);
    statusRow->addWidget(m_statusByLabel, 1);
    layout->addSpacing(6);
    layout->addLayout(statusRow);

    m_passesWhenLabel = makeValueLabel(u"passesWhenLabel"_s, content);
    m_summaryLabel = makeValueLabel(u"itemSummaryLabel"_s, content);
    m_noteLabel = makeValueLabel(u"itemNoteLabel"_s, content);
    for (auto [caption, label] : {std::pair {u"Passes when"_s, m_passesWhenLabel},
                                  std::pair {u"Summary"_s, m_summaryLabel}, std::pair {u"Note"_s, m_noteLabel}}) {
        layout->addSpacing(6);
        layout->addWidget(makeCaption(caption, content));
        layout->addWidget(label);
    }

    layout->addSpacing(6);
    layout->addWidget(makeCaption(u"Conditions"_s, content));
    m_conditionsLabel = makeValueLabel(u"conditionsLabel"_s, content);
    m_conditionsLabel->setTextFormat(Qt::RichText);
    layout->addWidget(m_conditionsLabel);

    m_uptimeCaption = makeCaption(u"Uptime (Liftoff's own polls)"_s, content);
    m_sparkline = new UptimeSparkline(content);
    layout->addWidget(m_uptimeCaption);
    layout->addWidget(m_sparkline);
    m_uptimeCaption->hide();
    m_sparkline->hide();
    // setDashboard() puts the item's chart here; empty, the slot takes no space.
    m_chartSlot = new QVBoxLayout;
    m_chartSlot->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(m_chartSlot);

    layout->addSpacing(6);
    layout->addWidget(makeCaption(u"Evidence"_s, content));
    m_evidenceEdit = new QPlainTextEdit(content);
    m_evidenceEdit->setObjectName(u"evidenceTextEdit"_s);
    m_evidenceEdit->setReadOnly(true);
    m_evidenceEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_evidenceEdit->setMaximumHeight(110);
    m_evidenceEdit->setMinimumHeight(64); // a few lines stay readable when a chart takes the height
    m_evidenceEdit->setPlaceholderText(u"No evidence recorded."_s);
    layout->addWidget(m_evidenceEdit);

    layout->addSpacing(6);
    layout->addWidget(makeCaption(u"History"_s, content));
    m_auditView = new QTableView(content);
    m_auditView->setObjectName(u"auditTableView"_s);
    m_auditView->setModel(m_auditModel);
    m_auditView->verticalHeader()->hide();
    m_auditView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_auditView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_auditView->setShowGrid(false);
    m_auditView->setWordWrap(false);
    m_auditView->setAlternatingRowColors(true);
    m_auditView->setMinimumHeight(100);
    m_auditView->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_auditView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_auditView->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_auditView, 1);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(12, 0, 8, 4);
    buttons->addWidget(addButton(u"Pass"_s, u"passButton"_s, MarkRequest::Action::Pass));
    buttons->addWidget(addButton(u"Fail"_s, u"failButton"_s, MarkRequest::Action::Fail));
    buttons->addWidget(addButton(u"Waive…"_s, u"waiveButton"_s, MarkRequest::Action::Waive));
    buttons->addWidget(addButton(u"N/A…"_s, u"naButton"_s, MarkRequest::Action::Na));
    buttons->addWidget(addButton(u"Note…"_s, u"noteButton"_s, MarkRequest::Action::Note));
    buttons->addStretch(1);
    // h24.review-sample is decided by reviewing calls, not by a tick: its queue opens from here.
    m_reviewButton = new QPushButton(u"Review sample…"_s, this);
    m_reviewButton->setObjectName(u"reviewSampleButton"_s);
    m_reviewButton->setAutoDefault(false);
    m_reviewButton->setToolTip(u"Mark a random sample of logged calls good or bad (liftoff review)"_s);
    m_reviewButton->hide();
    connect(m_reviewButton, &QPushButton::clicked, this, &ItemDetailPanel::reviewRequested);
    buttons->addWidget(m_reviewButton);
    // The eval items' evidence is the runs: the Eval Runs tab shows them case by case.
    m_evalRunsButton = new QPushButton(u"Eval Runs…"_s, this);
    m_evalRunsButton->setObjectName(u"evalRunsButton"_s);
    m_evalRunsButton->setAutoDefault(false);
    m_evalRunsButton->setToolTip(u"The deployment's eval runs against the baseline: run the set, bless a run"_s);
    m_evalRunsButton->hide();
    connect(m_evalRunsButton, &QPushButton::clicked, this, &ItemDetailPanel::evalRunsRequested);
    buttons->addWidget(m_evalRunsButton);
    m_runButton = new QPushButton(u"Run check"_s, this);
    m_runButton->setObjectName(u"runItemButton"_s);
    m_runButton->setAutoDefault(false);
    m_runButton->setToolTip(u"Run this item's probe now (Ctrl+Shift+R)"_s);
    connect(m_runButton, &QPushButton::clicked, this, [this] {
        if (!m_itemId.isEmpty())
            emit runRequested(m_itemId);
    });
    buttons->addWidget(m_runButton);
    outer->addLayout(buttons);

    connect(m_document->model(), &QAbstractItemModel::dataChanged, this, &ItemDetailPanel::handleDataChanged);
    connect(m_document, &ChecklistDocument::itemChanged, this, &ItemDetailPanel::handleItemChanged);
    connect(m_document, &ChecklistDocument::auditLoaded, this, &ItemDetailPanel::handleAuditLoaded);
    connect(m_document, &ChecklistDocument::currentDeploymentChanged, this, [this] { setItem(m_itemId); });
    refresh();
}

QPushButton *ItemDetailPanel::addButton(const QString &text, const QString &objectName, MarkRequest::Action action)
{
    auto *button = new QPushButton(text, this);
    button->setObjectName(objectName);
    button->setAutoDefault(false);
    connect(button, &QPushButton::clicked, this, [this, action] {
        if (!m_itemId.isEmpty())
            emit markRequested(m_itemId, action);
    });
    m_buttons.append(button);
    return button;
}

void ItemDetailPanel::setUptimeMonitor(UptimeMonitor *monitor)
{
    m_uptimeMonitor = monitor;
    connect(monitor, &UptimeMonitor::sampleRecorded, m_sparkline, &UptimeSparkline::addSample);
    m_sparkline->setSamples(monitor->samples());
    setItem(m_itemId);
}

void ItemDetailPanel::setDashboard(DashboardModel *model)
{
    delete m_chartPanel;
    m_chartPanel = new ItemChartPanel(model, this);
    m_chartSlot->addWidget(m_chartPanel);
    m_chartPanel->setItem(m_itemId);
}

void ItemDetailPanel::setEvalRunsAvailable(bool available)
{
    m_evalRunsAvailable = available;
    refresh();
}

void ItemDetailPanel::setItem(const QString &itemId)
{
    const bool showUptime = m_uptimeMonitor && (itemId == u"infra.health" || itemId == u"mon.uptime");
    m_uptimeCaption->setVisible(showUptime);
    m_sparkline->setVisible(showUptime);
    if (m_chartPanel)
        m_chartPanel->setItem(itemId);
    m_itemId = itemId;
    m_auditModel->clear();
    refresh();
    if (!itemId.isEmpty())
        m_document->loadAudit(itemId);
}

void ItemDetailPanel::refresh()
{
    const ChecklistModel *model = m_document->model();
    const int row = model->rowOf(m_itemId);
    for (QPushButton *button : std::as_const(m_buttons))
        button->setEnabled(row >= 0 && m_document->hasDeployment());
    if (row < 0) {
        m_titleLabel->setText(u"No item selected"_s);
        for (QLabel *label : {m_metaLabel, m_statusLabel, m_statusByLabel, m_passesWhenLabel, m_summaryLabel,
                              m_noteLabel})
            label->clear();
        m_evidenceEdit->clear();
        m_conditionsLabel->clear();
        m_runButton->setEnabled(false);
        m_reviewButton->hide();
        m_evalRunsButton->hide();
        return;
    }
    const EvaluatedItem &e = model->evaluated(row);
    m_titleLabel->setText(e.item.title);
    m_metaLabel->setText(u"%1 · %2%3 · %4"_s.arg(e.item.id, ChecklistText::toString(e.item.level),
                                                 e.item.mvp ? u" · MVP"_s : QString(), e.item.binding.toString()));
    const QColor color = StatusStyle::color(e.effective);
    const QColor base = palette().color(QPalette::Base);
    m_statusLabel->setText(StatusStyle::label(e.effective));
    m_statusLabel->setStyleSheet(u"QLabel { background: %1; color: %2; border: 1px solid %3; border-radius: 9px; "
                                 u"padding: 1px 10px; font-weight: bold; }"_s.arg(
                                     StatusStyle::blend(base, color, 0.16).name(), color.name(),
                                     StatusStyle::blend(base, color, 0.45).name()));
    QStringList by;
    if (!e.state.by.isEmpty())
        by.append(u"by %1"_s.arg(e.state.by));
    if (e.state.checkedAt.isValid())
        by.append(e.state.checkedAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s));
    if (e.effective == Status::Waived && e.state.waiverExpires.isValid())
        by.append(u"until %1"_s.arg(e.state.waiverExpires.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s)));
    if (!e.counts)
        by.append(u"counts once released"_s);
    m_statusByLabel->setText(by.join(u" · "_s));
    m_passesWhenLabel->setText(e.item.passesWhen);
    m_summaryLabel->setText(e.summary.isEmpty() ? u"—"_s : e.summary);
    m_noteLabel->setText(e.state.note.isEmpty() ? u"—"_s : e.state.note);
    m_evidenceEdit->setPlainText(model->index(row, 0).data(ChecklistModel::EvidenceTextRole).toString());
    m_runButton->setEnabled(e.item.binding.kind == BindingKind::Probe && m_document->hasDeployment());
    m_reviewButton->setVisible(e.item.id == QLatin1StringView(ReviewOutcome::ITEM));
    m_reviewButton->setEnabled(m_document->hasDeployment());
    m_evalRunsButton->setVisible(m_evalRunsAvailable && e.item.binding.kind == BindingKind::Probe
                                 && e.item.binding.probeKind == u"eval");
    const QJsonArray conditions = model->index(row, 0).data(ChecklistModel::ConditionsRole).toJsonArray();
    if (conditions.isEmpty()) {
        m_conditionsLabel->setText(u"—"_s);
    } else {
        const QColor pass = StatusStyle::color(Status::Pass);
        const QColor fail = StatusStyle::color(Status::Fail);
        QString html = u"<table cellspacing='0' cellpadding='1'>"_s;
        for (const QJsonValue &c : conditions) {
            const bool ok = c[u"ok"_s].toBool();
            QString actual = c[u"actual"_s].toString();
            if (!c[u"error"_s].toString().isEmpty())
                actual += u" — "_s + c[u"error"_s].toString();
            html += u"<tr><td style='color:%1'><b>%2</b>&nbsp;</td><td><code>%3</code></td>"
                    u"<td>&nbsp;&nbsp;actual <code>%4</code></td></tr>"_s.arg(
                        (ok ? pass : fail).name(), ok ? u"✓"_s : u"✗"_s, c[u"expr"_s].toString().toHtmlEscaped(),
                        actual.toHtmlEscaped());
        }
        m_conditionsLabel->setText(html + u"</table>"_s);
    }
}

void ItemDetailPanel::handleDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    const int row = m_document->model()->rowOf(m_itemId);
    if (row >= topLeft.row() && row <= bottomRight.row())
        refresh();
}

void ItemDetailPanel::handleItemChanged(const QString &itemId)
{
    if (itemId == m_itemId)
        m_document->loadAudit(itemId);
}

void ItemDetailPanel::handleAuditLoaded(const QString &itemId, const QList<AuditEvent> &events)
{
    if (itemId == m_itemId)
        m_auditModel->setEvents(events);
}
