// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalRunRecord.h"

#include <QAbstractTableModel>
#include <QList>

/**
 * The Eval Runs tab's list of one deployment's eval runs, newest first: when, where, how far it got,
 * the score, who ran it. The run that is the baseline of the deployment's prompt versions (or,
 * with none, the project's newest baseline when it is one of these runs) is marked.
 */
class EvalRunListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalRunListModel)

public:
    enum Column { RunColumn, StartedColumn, EnvironmentColumn, WhoColumn, ScoreColumn, StateColumn, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1, IsBaselineRole };

    explicit EvalRunListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** activeRunId: the run this console is running now (a stored "running" run that is not it was interrupted). */
    void setRuns(const QList<EvalRunRecord> &runs, qint64 baselineRunId, qint64 activeRunId = 0);
    const QList<EvalRunRecord> &runs() const { return m_runs; }
    /** Replaces the listed run with the same id (a live run's counts); nothing when it is not listed. */
    void updateRun(const EvalRunRecord &run);
    /** The row of run id; -1 when it is not listed. */
    int rowOf(qint64 runId) const;
    const EvalRunRecord *runAt(int row) const;

private:
    QList<EvalRunRecord> m_runs;
    qint64 m_baselineRunId = 0;
    qint64 m_activeRunId = 0;
};
