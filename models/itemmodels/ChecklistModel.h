// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistTemplate.h"
#include "checklist/ItemState.h"
#include "checklist/Verdict.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

/**
 * A table model over the effective checklist items of one deployment: one row per template item,
 * in the spec's order. It holds the stored item states and the verdict context, evaluates every
 * item with VerdictRules::evaluate and emits dataChanged only for rows whose evaluation changed.
 * Rows never come or go after construction.
 */
class ChecklistModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChecklistModel)

public:
    enum Column { StatusColumn, TitleColumn, LevelColumn, SourceColumn, LastCheckedColumn, SummaryColumn, ColumnCount };
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        StatusRole,        ///< Status: the effective status
        StoredStatusRole,  ///< Status: as stored
        SectionRole,       ///< QString
        PhaseRole,         ///< Phase
        LevelRole,         ///< Level
        MvpRole,           ///< bool
        CountsRole,        ///< bool: false for post-deployment items before release
        BlockingRole,      ///< bool: a must item that makes the verdict No-Go
        TitleRole,         ///< QString
        SummaryRole,       ///< QString: the effective summary
        PassesWhenRole,    ///< QString
        BindingRole,       ///< QString: "probe:http", "manual", "manual+evidence"
        BindingKindRole,   ///< BindingKind
        SourceRole,        ///< QString: who decided the status ("probe", "manual", "")
        ByRole,            ///< QString
        CheckedAtRole,     ///< QDateTime
        NoteRole,          ///< QString
        WaiverExpiresRole, ///< QDateTime
        EvidenceTextRole,  ///< QString: the evidence as indented JSON (a red-team attack list first), empty when there is none
        ConditionsRole,    ///< QJsonArray: [{expr, actual, ok[, error]}] of the last probe run
    };
    Q_ENUM(Role)

    explicit ChecklistModel(ChecklistTemplate checklist, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const ChecklistTemplate &checklist() const { return m_checklist; }
    const VerdictRules::Context &context() const { return m_context; }
    /** Replaces the context (time, release, freshness, runners) and re-evaluates every row. */
    void setContext(const VerdictRules::Context &context);
    /** Replaces every stored state (a deployment was loaded); missing items are pending. */
    void setStates(const QHash<QString, ItemState> &states);
    /** Replaces one item's stored state; dataChanged for that row only, if anything changed. */
    void setState(const ItemState &state);
    /** The stored state of an item (a pending state carrying the id when none is stored). */
    ItemState state(const QString &itemId) const;

    /** The row of an item, or -1. */
    int rowOf(const QString &itemId) const;
    const EvaluatedItem &evaluated(int row) const { return m_evaluated.at(row); }
    const QList<EvaluatedItem> &evaluatedItems() const { return m_evaluated; }
    const VerdictResult &verdict() const { return m_verdict; }

signals:
    /** The verdict, the counts or the blocking list may have changed. */
    void verdictChanged();

private:
    bool reevaluate(int row);
    void reevaluateAll();
    void updateVerdict();
    QVariant displayData(const EvaluatedItem &e, int column) const;

    ChecklistTemplate m_checklist;
    VerdictRules::Context m_context;
    QHash<QString, ItemState> m_states;
    QHash<QString, int> m_rows;
    QList<EvaluatedItem> m_evaluated;
    VerdictResult m_verdict;
};
