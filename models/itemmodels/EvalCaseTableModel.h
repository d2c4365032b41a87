// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalRunComparison.h"

#include <QAbstractTableModel>
#include <QList>

/**
 * The cases of the selected eval run against the baseline's: the case, now, in the baseline,
 * what changed (regressed, fixed, …), the latency and why it failed. A filter keeps only the
 * cases that flipped or fail, the ones a release manager reads first.
 */
class EvalCaseTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalCaseTableModel)

public:
    enum Column { CaseColumn, ResultColumn, BaselineColumn, ChangeColumn, LatencyColumn, ReasonColumn, ColumnCount };
    enum Role { ChangeRole = Qt::UserRole + 1 };
    enum class Filter { All, FlippedOrFailing, Flipped };

    explicit EvalCaseTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /**
     * haveBaseline: false when there is none to compare with; the Baseline column then says
     * noBaselineText ("no baseline", or "this run" when the run shown is the baseline).
     */
    void setRows(const QList<EvalRunComparison::Row> &rows, bool haveBaseline, const QString &noBaselineText = {});
    bool haveBaseline() const { return m_haveBaseline; }
    void setFilter(Filter filter);
    Filter filter() const { return m_filter; }
    const EvalRunComparison::Row *rowAt(int row) const;
    /** How many rows of all (unfiltered) have change. */
    int count(EvalRunComparison::Change change) const;
    int totalRows() const { return int(m_all.size()); }
    /** Cases of the selected run (rows with a current result), and how many of them pass. */
    int casesRun() const;
    int casesPassed() const;

private:
    void applyFilter();
    QList<EvalRunComparison::Row> m_all;
    QList<int> m_visible; ///< indices into m_all
    Filter m_filter = Filter::All;
    bool m_haveBaseline = false;
    QString m_noBaselineText;
};
