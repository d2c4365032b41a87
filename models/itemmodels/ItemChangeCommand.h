// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ItemState.h"
#include "store/StoreRecords.h"

#include <QString>
#include <QUndoCommand>

#include <functional>

/**
 * One manual change of an item (tick, waiver, n/a, note) on the document's undo stack. redo()
 * sends the new state to the store with the change's audit kind; undo() sends the previous state
 * back with audit kind "undo". The model follows the store's answer, never the command.
 */
class ItemChangeCommand final : public QUndoCommand
{
public:
    /** Where the command sends its changes (the document forwards them to Store::applyChange). */
    using Sink = std::function<void(const ItemChange &)>;

    ItemChangeCommand(Sink sink, qint64 deploymentId, ItemState before, ItemState after, QString auditKind,
                      QString who, QString note, const QString &text, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

    QString itemId() const { return m_after.itemId; }
    qint64 deploymentId() const { return m_deploymentId; }

private:
    Sink m_sink;
    qint64 m_deploymentId;
    ItemState m_before;
    ItemState m_after;
    QString m_auditKind;
    QString m_who;
    QString m_note;
};
