// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/EvalCaseTableModel.h"

#include "itemmodels/StatusStyle.h"

using namespace Qt::StringLiterals;

namespace {
QString outcomeText(const std::optional<EvalCaseResult> &result)
{
    if (!result)
        return EvalCaseTableModel::tr("—");
    return result->passed ? EvalCaseTableModel::tr("pass") : EvalCaseTableModel::tr("fail");
}

QVariant outcomeIcon(const std::optional<EvalCaseResult> &result)
{
    if (!result)
        return {};
    return StatusStyle::icon(result->passed ? Status::Pass : Status::Fail);
}
} // namespace

EvalCaseTableModel::EvalCaseTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int EvalCaseTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int EvalCaseTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EvalCaseTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CaseColumn:
        return tr("Case");
    case ResultColumn:
        return tr("This run");
    case BaselineColumn:
        return tr("Baseline");
    case ChangeColumn:
        return tr("Change");
    case LatencyColumn:
        return tr("Latency");
    case ReasonColumn:
        return tr("Why it failed");
    default:
        return {};
    }
}

QVariant EvalCaseTableModel::data(const QModelIndex &index, int role) const
{
    const EvalRunComparison::Row *row = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!row)
        return {};
    using Change = EvalRunComparison::Change;
    if (role == ChangeRole)
        return int(row->change);
    if (role == Qt::DecorationRole) {
        if (index.column() == ResultColumn)
            return outcomeIcon(row->current);
        if (index.column() == BaselineColumn)
            return outcomeIcon(row->baseline);
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == ChangeColumn) {
        if (row->change == Change::Regressed)
            return StatusStyle::color(Status::Fail);
        if (row->change == Change::Fixed)
            return StatusStyle::color(Status::Pass);
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() == LatencyColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == ReasonColumn)
        return row->current ? EvalRunComparison::failureReason(*row->current) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case CaseColumn:
        return row->caseId;
    case ResultColumn:
        return outcomeText(row->current);
    case BaselineColumn:
        return m_haveBaseline ? outcomeText(row->baseline) : m_noBaselineText;
    case ChangeColumn:
        return row->change == Change::New && !m_haveBaseline ? QString() : EvalRunComparison::changeText(row->change);
    case LatencyColumn:
        return row->current && row->current->latencyMs >= 0 ? tr("%1 ms").arg(row->current->latencyMs) : QString();
    case ReasonColumn:
        return row->current ? EvalRunComparison::failureReason(*row->current).left(300) : QString();
    default:
        return {};
    }
}

void EvalCaseTableModel::setRows(const QList<EvalRunComparison::Row> &rows, bool haveBaseline,
                                 const QString &noBaselineText)
{
    beginResetModel();
    m_all = rows;
    m_haveBaseline = haveBaseline;
    m_noBaselineText = noBaselineText.isEmpty() ? tr("no baseline") : noBaselineText;
    applyFilter();
    endResetModel();
}

void EvalCaseTableModel::setFilter(Filter filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    applyFilter();
    endResetModel();
}

void EvalCaseTableModel::applyFilter()
{
    m_visible.clear();
    for (int i = 0; i < m_all.size(); ++i) {
        const EvalRunComparison::Row &row = m_all.at(i);
        const bool flipped = EvalRunComparison::isFlip(row.change);
        const bool failing = row.current && !row.current->passed;
        if (m_filter == Filter::All || (m_filter == Filter::Flipped && flipped)
            || (m_filter == Filter::FlippedOrFailing && (flipped || failing)))
            m_visible.append(i);
    }
}

const EvalRunComparison::Row *EvalCaseTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_visible.size() ? &m_all.at(m_visible.at(row)) : nullptr;
}

int EvalCaseTableModel::count(EvalRunComparison::Change change) const
{
    int n = 0;
    for (const EvalRunComparison::Row &row : m_all)
        n += row.change == change ? 1 : 0;
    return n;
}

int EvalCaseTableModel::casesRun() const
{
    int n = 0;
    for (const EvalRunComparison::Row &row : m_all)
        n += row.current ? 1 : 0;
    return n;
}

int EvalCaseTableModel::casesPassed() const
{
    int n = 0;
    for (const EvalRunComparison::Row &row : m_all)
        n += row.current && row.current->passed ? 1 : 0;
    return n;
}
