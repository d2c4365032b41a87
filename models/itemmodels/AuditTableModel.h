// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreRecords.h"

#include <QAbstractTableModel>
#include <QList>

/** The audit history of one item, newest first: when, who, from → to, note. */
class AuditTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditTableModel)

public:
    enum Column { WhenColumn, WhoColumn, ChangeColumn, NoteColumn, ColumnCount };

    explicit AuditTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** Shows these events (given oldest first, as the store returns them). */
    void setEvents(const QList<AuditEvent> &events);
    void clear();

private:
    QList<AuditEvent> m_events; // newest first
};
