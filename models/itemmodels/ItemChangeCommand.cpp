// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/ItemChangeCommand.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

ItemChangeCommand::ItemChangeCommand(Sink sink, qint64 deploymentId, ItemState before, ItemState after,
                                     QString auditKind, QString who, QString note, const QString &text,
                                     QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_sink(std::move(sink))
    , m_deploymentId(deploymentId)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_auditKind(std::move(auditKind))
    , m_who(std::move(who))
    , m_note(std::move(note))
{
}

void ItemChangeCommand::redo()
{
    m_sink(ItemChange {m_deploymentId, m_after, m_auditKind, m_who, m_note, QDateTime::currentDateTimeUtc()});
}

void ItemChangeCommand::undo()
{
    m_sink(ItemChange {m_deploymentId, m_before, u"undo"_s, m_who, u"undo: %1"_s.arg(text()),
                       QDateTime::currentDateTimeUtc()});
}
