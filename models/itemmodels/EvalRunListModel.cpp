// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/EvalRunListModel.h"

#include "itemmodels/StatusStyle.h"

#include <QFont>
#include <QLocale>

using namespace Qt::StringLiterals;

EvalRunListModel::EvalRunListModel(QObject *parent) : QAbstractTableModel(parent) {}

int EvalRunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int EvalRunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EvalRunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RunColumn:
        return tr("Run");
    case StartedColumn:
        return tr("Started");
    case EnvironmentColumn:
        return tr("Against");
    case StateColumn:
        return tr("State");
    case ScoreColumn:
        return tr("Score");
    case WhoColumn:
        return tr("By");
    default:
        return {};
    }
}

QVariant EvalRunListModel::data(const QModelIndex &index, int role) const
{
    const EvalRunRecord *run = runAt(index.row());
    if (!run || !index.isValid())
        return {};
    const bool baseline = run->id == m_baselineRunId;
    if (role == RunIdRole)
        return run->id;
    if (role == IsBaselineRole)
        return baseline;
    if (role == Qt::FontRole && baseline) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::DecorationRole && index.column() == StateColumn) {
        if (run->state == u"running")
            return StatusStyle::icon(Status::Pending);
        if (!run->isComplete())
            return StatusStyle::icon(Status::Warn);
        return StatusStyle::icon(run->casesPassed == run->casesRun ? Status::Pass
                                 : run->casesPassed == 0   ? Status::Fail
                                                           : Status::Warn);
    }
    if (role == Qt::ToolTipRole) {
        QString tip = tr("%1 cases of %2 against %3").arg(run->casesTotal).arg(run->dataset, run->target);
        if (!run->stopMessage.isEmpty())
            tip += u"\n"_s + run->stopMessage;
        if (run->state == u"running" && run->id != m_activeRunId)
            tip += u"\n"_s + tr("Not finished: the console or terminal that ran it stopped (the finished cases are kept), "
                                "or it is still running elsewhere.");
        if (baseline)
            tip += u"\n"_s + tr("The baseline the other runs are compared with.");
        return tip;
    }
    if (role == Qt::TextAlignmentRole && index.column() == ScoreColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case RunColumn:
        return baseline ? tr("%1 ★ baseline").arg(run->id) : QString::number(run->id);
    case StartedColumn:
        return QLocale().toString(run->startedAt.toLocalTime(), QLocale::ShortFormat);
    case EnvironmentColumn:
        return run->environment;
    case StateColumn:
        if (run->state == u"complete")
            return run->casesRun == run->casesTotal ? tr("complete") : tr("complete (%1 of %2)").arg(run->casesRun).arg(run->casesTotal);
        if (run->state == u"running")
            return run->id == m_activeRunId ? tr("running (%1 of %2)").arg(run->casesRun).arg(run->casesTotal)
                                            : tr("unfinished (%1 of %2)").arg(run->casesRun).arg(run->casesTotal);
        return tr("%1 after %2 of %3").arg(run->state).arg(run->casesRun).arg(run->casesTotal);
    case ScoreColumn:
        return tr("%1 of %2 · %3%").arg(run->casesPassed).arg(run->casesRun).arg(QString::number(run->score() * 100, 'f', 1));
    case WhoColumn:
        return run->who;
    default:
        return {};
    }
}

void EvalRunListModel::setRuns(const QList<EvalRunRecord> &runs, qint64 baselineRunId, qint64 activeRunId)
{
    beginResetModel();
    m_runs = runs;
    m_baselineRunId = baselineRunId;
    m_activeRunId = activeRunId;
    endResetModel();
}

int EvalRunListModel::rowOf(qint64 runId) const
{
    for (int i = 0; i < m_runs.size(); ++i) {
        if (m_runs.at(i).id == runId)
            return i;
    }
    return -1;
}

const EvalRunRecord *EvalRunListModel::runAt(int row) const
{
    return row >= 0 && row < m_runs.size() ? &m_runs.at(row) : nullptr;
}

void EvalRunListModel::updateRun(const EvalRunRecord &run)
{
    const int row = rowOf(run.id);
    if (row < 0)
        return;
    m_runs[row] = run;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}
