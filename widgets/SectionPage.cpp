// SPDX-License-Identifier: GPL-3.0-or-later
#include "SectionPage.h"

#include "ItemDetailPanel.h"
#include "StatusDelegate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/SectionFilterModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QShowEvent>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int TITLE_COLUMN_WIDTH = 260;
constexpr double TABLE_SHARE = 0.62; // of the page's width on first show
} // namespace

SectionPage::SectionPage(ChecklistDocument *document, const QString &section, QWidget *parent)
    : QWidget(parent), m_section(section), m_filter(new SectionFilterModel(this)), m_tableView(new QTableView(this))
    , m_detailPanel(new ItemDetailPanel(document, this)), m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(objectNameFor(section));
    m_filter->setSourceModel(document->model());
    m_filter->setSection(section);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    Phase phase = Phase::Pre;
    for (const ChecklistItem &item : document->checklist().items()) {
        if (item.section == section) {
            phase = item.phase;
            break;
        }
    }
    auto *phaseLabel = new QLabel(ChecklistText::phaseTitle(phase).toUpper(), this);
    phaseLabel->setObjectName(u"phaseLabel"_s);
    QFont phaseFont = phaseLabel->font();
    phaseFont.setBold(true);
    phaseFont.setLetterSpacing(QFont::PercentageSpacing, 108);
    phaseFont.setPointSizeF(phaseFont.pointSizeF() * 0.85);
    phaseLabel->setFont(phaseFont);
    phaseLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *titleLabel = new QLabel(section, this);
    titleLabel->setObjectName(u"sectionTitleLabel"_s);
    QFont titleFont = titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleLabel->setFont(titleFont);
    layout->addWidget(phaseLabel);
    layout->addWidget(titleLabel);
    layout->addSpacing(4);

    m_tableView->setObjectName(u"checklistTableView"_s);
    m_tableView->setModel(m_filter);
    m_tableView->setItemDelegateForColumn(ChecklistModel::StatusColumn, new StatusDelegate(m_tableView));
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->setAlternatingRowColors(true);
    m_tableView->setShowGrid(false);
    m_tableView->setWordWrap(false);
    m_tableView->setTextElideMode(Qt::ElideRight);
    m_tableView->verticalHeader()->hide();
    m_tableView->verticalHeader()->setDefaultSectionSize(m_tableView->fontMetrics().height() + 16);
    QHeaderView *header = m_tableView->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(ChecklistModel::StatusColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ChecklistModel::TitleColumn, QHeaderView::Interactive);
    header->resizeSection(ChecklistModel::TitleColumn, TITLE_COLUMN_WIDTH);
    header->setSectionResizeMode(ChecklistModel::LevelColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ChecklistModel::SourceColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ChecklistModel::LastCheckedColumn, QHeaderView::ResizeToContents);
    header->setMinimumSectionSize(48);
    header->setStretchLastSection(true);

    m_splitter->setObjectName(u"sectionSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_tableView);
    m_splitter->addWidget(m_detailPanel);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    layout->addWidget(m_splitter, 1);

    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SectionPage::handleCurrentChanged);
    connect(m_detailPanel, &ItemDetailPanel::markRequested, this, &SectionPage::markRequested);
    connect(m_detailPanel, &ItemDetailPanel::runRequested, this, &SectionPage::runRequested);
    connect(m_detailPanel, &ItemDetailPanel::reviewRequested, this, &SectionPage::reviewRequested);
    connect(m_detailPanel, &ItemDetailPanel::evalRunsRequested, this, &SectionPage::evalRunsRequested);
    if (m_filter->rowCount() > 0)
        m_tableView->setCurrentIndex(m_filter->index(0, ChecklistModel::StatusColumn));
}

QString SectionPage::currentItemId() const
{
    const QModelIndex current = m_tableView->currentIndex();
    return current.isValid() ? current.data(ChecklistModel::ItemIdRole).toString() : QString();
}

bool SectionPage::selectItem(const QString &itemId)
{
    const int row = m_filter->rowOf(itemId);
    if (row < 0)
        return false;
    const QModelIndex index = m_filter->index(row, ChecklistModel::StatusColumn);
    m_tableView->setCurrentIndex(index);
    m_tableView->scrollTo(index);
    m_tableView->setFocus(Qt::OtherFocusReason);
    return true;
}

void SectionPage::restoreSplitterState(const QByteArray &state)
{
    if (!state.isEmpty() && m_splitter->restoreState(state))
        m_splitterSized = true;
}

void SectionPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_splitterSized)
        return;
    // The detail panel's size hint is wide (evidence, history); give the table the larger share.
    m_splitterSized = true;
    // The splitter itself is laid out only after this event; the page already has its final width.
    const QMargins margins = layout()->contentsMargins();
    const int width = qMax(m_splitter->width(), this->width() - margins.left() - margins.right());
    const int table = static_cast<int>(width * TABLE_SHARE);
    m_splitter->setSizes({table, width - table});
}

QString SectionPage::objectNameFor(const QString &section)
{
    QString name;
    bool upperNext = false;
    for (const QChar c : section) {
        if (!c.isLetterOrNumber()) {
            upperNext = !name.isEmpty();
            continue;
        }
        name.append(name.isEmpty() ? c.toLower() : upperNext ? c.toUpper() : c.toLower());
        upperNext = false;
    }
    return name + u"SectionPage"_s;
}

void SectionPage::handleCurrentChanged()
{
    const QString id = currentItemId();
    if (id == m_detailPanel->itemId())
        return;
    m_detailPanel->setItem(id);
    emit currentItemChanged(id);
}
