// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/AuditTableModel.h"

#include "checklist/Status.h"
#include "itemmodels/StatusStyle.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QString statusLabel(const QString &wire)
{
    const std::optional<Status> status = StatusText::fromString(wire);
    return status ? StatusStyle::label(*status) : wire;
}
} // namespace

AuditTableModel::AuditTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent &e = m_events.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == WhoColumn) {
        // The name is what the person configured; the account and role say which login wrote it.
        QStringList parts {e.who};
        if (!e.account.isEmpty())
            parts.append(u"OS account %1"_s.arg(e.account));
        if (!e.dbRole.isEmpty())
            parts.append(u"database role %1"_s.arg(e.dbRole));
        return parts.join(u" · "_s);
    }
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case WhenColumn: return e.at.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
        case WhoColumn: return e.who;
        case ChangeColumn:
            return u"%1 → %2 (%3)"_s.arg(statusLabel(e.fromStatus), statusLabel(e.toStatus), e.kind);
        case NoteColumn: return e.note;
        default: return {};
        }
    }
    return {};
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn: return u"When"_s;
    case WhoColumn: return u"Who"_s;
    case ChangeColumn: return u"Change"_s;
    case NoteColumn: return u"Note"_s;
    default: return {};
    }
}

void AuditTableModel::setEvents(const QList<AuditEvent> &events)
{
    beginResetModel();
    m_events = events;
    std::reverse(m_events.begin(), m_events.end());
    endResetModel();
}

void AuditTableModel::clear()
{
    setEvents({});
}
