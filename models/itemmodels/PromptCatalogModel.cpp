// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/PromptCatalogModel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace {
/** internalId of a prompt row; a version row carries its prompt's row + 1. */
constexpr quintptr PROMPT_ROW = 0;
} // namespace

PromptCatalogModel::PromptCatalogModel(QObject *parent) : QAbstractItemModel(parent) {}

void PromptCatalogModel::setCatalog(const PromptCatalog &catalog, const QHash<QString, int> &shippedCurrent,
                                    const QHash<QString, int> &shippedPrevious, const QString &currentName,
                                    const QString &previousName)
{
    beginResetModel();
    m_catalog = catalog;
    m_shippedCurrent = shippedCurrent;
    m_shippedPrevious = shippedPrevious;
    m_currentName = currentName;
    m_previousName = previousName;
    endResetModel();
}

QModelIndex PromptCatalogModel::indexOfPrompt(const QString &name) const
{
    for (int row = 0; row < m_catalog.prompts.size(); ++row) {
        if (m_catalog.prompts.at(row).name == name)
            return index(row, 0);
    }
    return {};
}

QModelIndex PromptCatalogModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, PROMPT_ROW);
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex PromptCatalogModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == PROMPT_ROW)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, PROMPT_ROW);
}

int PromptCatalogModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_catalog.prompts.size());
    if (parent.column() != 0 || parent.internalId() != PROMPT_ROW)
        return 0;
    return static_cast<int>(m_catalog.prompts.at(parent.row()).versions.size());
}

int PromptCatalogModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PromptCatalogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == PROMPT_ROW) {
        const PromptHistory &history = m_catalog.prompts.at(index.row());
        const bool changed = m_shippedCurrent.contains(history.name) && m_shippedPrevious.contains(history.name)
                             && m_shippedCurrent.value(history.name) != m_shippedPrevious.value(history.name);
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == NameColumn)
                return history.name;
            if (index.column() == MessageColumn)
                return changed ? tr("changed since %1").arg(m_previousName) : QString();
            if (index.column() == DateColumn && !history.versions.isEmpty())
                return QLocale().toString(history.versions.first().date.toLocalTime().date(), QLocale::ShortFormat);
            return {};
        case Qt::ToolTipRole:
            return tr("%n version(s)", nullptr, static_cast<int>(history.versions.size()));
        case PromptNameRole:
            return history.name;
        case VersionIndexRole:
            return -1;
        case ChangedRole:
            return changed;
        default:
            return {};
        }
    }
    const PromptHistory &history = m_catalog.prompts.at(static_cast<int>(index.internalId() - 1));
    const PromptVersion &version = history.versions.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        switch (index.column()) {
        case NameColumn: {
            QStringList marks;
            if (m_shippedCurrent.value(history.name, -1) == index.row())
                marks.append(m_currentName);
            if (m_shippedPrevious.value(history.name, -1) == index.row())
                marks.append(m_previousName);
            QString text = version.shortId;
            if (!version.labels.isEmpty())
                text += u" ["_s + version.labels.join(u", "_s) + u']';
            if (!marks.isEmpty())
                text += u" — "_s + tr("shipped by %1").arg(marks.join(u", "_s));
            if (version.removed)
                text += u" "_s + tr("(removed)");
            return text;
        }
        case DateColumn:
            return QLocale().toString(version.date.toLocalTime().date(), QLocale::ShortFormat);
        case AuthorColumn:
            return version.author;
        case MessageColumn:
            return version.message;
        default:
            return {};
        }
    }
    case Qt::ToolTipRole:
        return u"%1\n%2, %3"_s.arg(version.id, version.author,
                                   QLocale().toString(version.date.toLocalTime(), QLocale::LongFormat));
    case PromptNameRole:
        return history.name;
    case VersionIndexRole:
        return index.row();
    default:
        return {};
    }
}

QVariant PromptCatalogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Prompt / version");
    case DateColumn: return tr("Date");
    case AuthorColumn: return tr("Author");
    case MessageColumn: return tr("Message");
    default: return {};
    }
}
