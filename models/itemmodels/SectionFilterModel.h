// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>
#include <QString>

/**
 * A filter over ChecklistModel rows: the items of one section (a section tab), the five MVP
 * items, or the items that block the release (the overview). Filtering follows dataChanged, so a
 * row that starts or stops blocking appears or disappears by itself.
 */
class SectionFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SectionFilterModel)

public:
    enum class Filter { Section, Mvp, Blocking };

    explicit SectionFilterModel(QObject *parent = nullptr);

    Filter filter() const { return m_filter; }
    void setFilter(Filter filter);
    QString section() const { return m_section; }
    /** Sets the section and switches to Filter::Section. */
    void setSection(const QString &section);
    /** The proxy row of an item, or -1. */
    int rowOf(const QString &itemId) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Filter m_filter = Filter::Section;
    QString m_section;
};
