// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/SectionFilterModel.h"

#include "itemmodels/ChecklistModel.h"

SectionFilterModel::SectionFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void SectionFilterModel::setFilter(Filter filter)
{
    if (m_filter == filter)
        return;
    m_filter = filter;
    invalidateFilter();
}

void SectionFilterModel::setSection(const QString &section)
{
    if (m_filter == Filter::Section && m_section == section)
        return;
    m_filter = Filter::Section;
    m_section = section;
    invalidateFilter();
}

int SectionFilterModel::rowOf(const QString &itemId) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (index(row, 0).data(ChecklistModel::ItemIdRole).toString() == itemId)
            return row;
    }
    return -1;
}

bool SectionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    switch (m_filter) {
    case Filter::Section: return index.data(ChecklistModel::SectionRole).toString() == m_section;
    case Filter::Mvp: return index.data(ChecklistModel::MvpRole).toBool();
    case Filter::Blocking: return index.data(ChecklistModel::BlockingRole).toBool();
    }
    return false;
}
