// SPDX-License-Identifier: GPL-3.0-or-later
#include "OverviewPage.h"

#include "StatusDelegate.h"
#include "itemmodels/ChecklistDocument.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/SectionFilterModel.h"
#include "itemmodels/StatusStyle.h"

#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QString countObjectName(Status status)
{
    QString name;
    bool upperNext = false;
    for (const QChar c : StatusText::toString(status)) {
        if (c == u'-') {
            upperNext = true;
            continue;
        }
        name.append(upperNext ? c.toUpper() : c);
        upperNext = false;
    }
    return name + u"CountLabel"_s;
}

QString timeText(const QDateTime &t)
{
    return t.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
}
} // namespace

OverviewPage::OverviewPage(ChecklistDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_blockingFilter(new SectionFilterModel(this))
    , m_mvpFilter(new SectionFilterModel(this)), m_verdictFrame(new QFrame(this)), m_verdictLabel(new QLabel(this))
    , m_verdictReasonLabel(new QLabel(this)), m_blockingStack(new QStackedWidget(this))
{
    setObjectName(u"overviewPage"_s);
    m_blockingFilter->setSourceModel(document->model());
    m_blockingFilter->setFilter(SectionFilterModel::Filter::Blocking);
    m_mvpFilter->setSourceModel(document->model());
    m_mvpFilter->setFilter(SectionFilterModel::Filter::Mvp);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(12);

    // The verdict banner.
    m_verdictFrame->setObjectName(u"verdictFrame"_s);
    auto *banner = new QVBoxLayout(m_verdictFrame);
    banner->setContentsMargins(18, 12, 18, 12);
    banner->setSpacing(2);
    m_verdictLabel->setObjectName(u"verdictLabel"_s);
    QFont verdictFont = m_verdictLabel->font();
    verdictFont.setBold(true);
    verdictFont.setPointSizeF(verdictFont.pointSizeF() * 2.0);
    m_verdictLabel->setFont(verdictFont);
    m_verdictReasonLabel->setObjectName(u"verdictReasonLabel"_s);
    m_verdictReasonLabel->setWordWrap(true);
    QFont reasonFont = m_verdictReasonLabel->font();
    reasonFont.setPointSizeF(reasonFont.pointSizeF() * 1.1);
    m_verdictReasonLabel->setFont(reasonFont);
    banner->addWidget(m_verdictLabel);
    banner->addWidget(m_verdictReasonLabel);
    layout->addWidget(m_verdictFrame);

    // Counts per status, as a row of chips.
    auto *counts = new QHBoxLayout;
    counts->setSpacing(6);
    for (Status status : StatusText::all()) {
        auto *label = new QLabel(this);
        label->setObjectName(countObjectName(status));
        label->setToolTip(u"Items whose status is %1"_s.arg(StatusStyle::label(status)));
        m_countLabels.append({status, label});
        counts->addWidget(label);
    }
    counts->addStretch(1);
    layout->addLayout(counts);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(12);
    auto *blockingBox = new QGroupBox(u"What blocks the release"_s, this);
    auto *blockingLayout = new QVBoxLayout(blockingBox);
    m_blockingStack->setObjectName(u"blockingStackedWidget"_s);
    m_blockingStack->addWidget(makeItemTable(m_blockingFilter, u"blockingTableView"_s));
    auto *nothing = new QLabel(u"Nothing blocks the release."_s, this);
    nothing->setObjectName(u"nothingBlocksLabel"_s);
    nothing->setAlignment(Qt::AlignCenter);
    nothing->setForegroundRole(QPalette::PlaceholderText);
    m_blockingStack->addWidget(nothing);
    blockingLayout->addWidget(m_blockingStack);
    columns->addWidget(blockingBox, 3);

    auto *side = new QVBoxLayout;
    side->setSpacing(12);
    auto *mvpBox = new QGroupBox(u"The minimum viable checklist"_s, this);
    auto *mvpLayout = new QVBoxLayout(mvpBox);
    QTableView *mvpTable = makeItemTable(m_mvpFilter, u"mvpTableView"_s);
    mvpTable->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    mvpTable->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    mvpTable->horizontalHeader()->resizeSection(ChecklistModel::TitleColumn, 240);
    mvpTable->setFixedHeight(mvpTable->horizontalHeader()->sizeHint().height()
                             + 5 * mvpTable->verticalHeader()->defaultSectionSize() + 2 * mvpTable->frameWidth());
    mvpLayout->addWidget(mvpTable);
    side->addWidget(mvpBox);

    auto *deploymentBox = new QGroupBox(u"Deployment"_s, this);
    auto *form = new QFormLayout(deploymentBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft);
    const auto addRow = [this, form](const QString &caption, const QString &objectName) {
        auto *value = new QLabel(this);
        value->setObjectName(objectName);
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(caption, value);
        return value;
    };
    m_nameValue = addRow(u"Name:"_s, u"deploymentNameLabel"_s);
    m_environmentValue = addRow(u"Environment:"_s, u"environmentLabel"_s);
    m_versionValue = addRow(u"Version:"_s, u"versionLabel"_s);
    m_createdValue = addRow(u"Created:"_s, u"createdLabel"_s);
    m_releasedValue = addRow(u"Released:"_s, u"releasedLabel"_s);
    side->addWidget(deploymentBox);
    side->addStretch(1);
    columns->addLayout(side, 2);
    layout->addLayout(columns, 1);

    connect(m_document, &ChecklistDocument::verdictChanged, this, &OverviewPage::refresh);
    connect(m_document, &ChecklistDocument::currentDeploymentChanged, this, &OverviewPage::refresh);
    refresh();
}

QTableView *OverviewPage::makeItemTable(SectionFilterModel *filter, const QString &objectName)
{
    auto *table = new QTableView(this);
    table->setObjectName(objectName);
    table->setModel(filter);
    table->setItemDelegateForColumn(ChecklistModel::StatusColumn, new StatusDelegate(table));
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 14);
    QHeaderView *header = table->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(ChecklistModel::StatusColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ChecklistModel::TitleColumn, QHeaderView::Interactive);
    header->resizeSection(ChecklistModel::TitleColumn, 320);
    header->setStretchLastSection(true);
    for (int column : {ChecklistModel::LevelColumn, ChecklistModel::SourceColumn, ChecklistModel::LastCheckedColumn})
        table->hideColumn(column);
    connect(table, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit itemActivated(index.data(ChecklistModel::ItemIdRole).toString());
    });
    return table;
}

void OverviewPage::refresh()
{
    const VerdictResult &verdict = m_document->verdict();
    const bool known = m_document->hasDeployment();
    m_verdictLabel->setText(known ? VerdictRules::displayName(verdict.kind) : u"No deployment"_s);
    m_verdictReasonLabel->setText(m_document->verdictReason());
    const QColor color = known ? StatusStyle::verdictColor(verdict.kind) : QColor(0x54, 0x6e, 0x7a);
    m_verdictFrame->setStyleSheet(u"QFrame#verdictFrame { background: %1; border-radius: 8px; } "
                                  u"QFrame#verdictFrame QLabel { color: white; }"_s.arg(color.name()));

    const QColor base = palette().color(QPalette::Base);
    for (const auto &[status, label] : std::as_const(m_countLabels)) {
        const QColor c = StatusStyle::color(status);
        const int count = verdict.counts.value(status, 0);
        label->setText(u"%1  <b>%2</b>"_s.arg(StatusStyle::label(status)).arg(count));
        label->setStyleSheet(u"QLabel { background: %1; color: %2; border: 1px solid %3; border-radius: 10px; "
                                  u"padding: 2px 10px; }"_s.arg(StatusStyle::blend(base, c, count ? 0.16 : 0.04).name(),
                                                                count ? c.name() : StatusStyle::blend(base, c, 0.6).name(),
                                                                StatusStyle::blend(base, c, count ? 0.45 : 0.2).name()));
    }
    m_blockingStack->setCurrentIndex(verdict.blocking.isEmpty() ? 1 : 0);

    const DeploymentRecord d = m_document->currentDeployment();
    m_nameValue->setText(known ? d.name : u"—"_s);
    m_environmentValue->setText(known ? d.environment : u"—"_s);
    m_versionValue->setText(known ? d.version : u"—"_s);
    m_createdValue->setText(known ? timeText(d.created) : u"—"_s);
    m_releasedValue->setText(!known           ? u"—"_s
                             : d.isReleased() ? timeText(d.released)
                                              : u"not released — post-deployment items do not count yet"_s);
}
