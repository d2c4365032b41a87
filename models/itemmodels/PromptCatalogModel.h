// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "prompts/PromptVersion.h"

#include <QAbstractItemModel>
#include <QHash>

/**
 * The prompts of a project as a two-level tree: each prompt, and below it its versions (newest
 * first) with date, author and message; the versions the current and the previous deployment
 * shipped are marked.
 */
class PromptCatalogModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptCatalogModel)

public:
    enum Column { NameColumn, DateColumn, AuthorColumn, MessageColumn, ColumnCount };
    enum Role { PromptNameRole = Qt::UserRole + 1, VersionIndexRole, ChangedRole };

    explicit PromptCatalogModel(QObject *parent = nullptr);

    /** shipped*: prompt name → index into its versions (absent: unknown). */
    void setCatalog(const PromptCatalog &catalog, const QHash<QString, int> &shippedCurrent,
                    const QHash<QString, int> &shippedPrevious, const QString &currentName, const QString &previousName);
    const PromptCatalog &catalog() const { return m_catalog; }
    QModelIndex indexOfPrompt(const QString &name) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PromptCatalog m_catalog;
    QHash<QString, int> m_shippedCurrent;
    QHash<QString, int> m_shippedPrevious;
    QString m_currentName;
    QString m_previousName;
};
