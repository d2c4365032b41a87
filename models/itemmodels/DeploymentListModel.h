// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreRecords.h"

#include <QAbstractListModel>
#include <QList>

/** The deployments of one project, newest first, as shown by the deployment selector. */
class DeploymentListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeploymentListModel)

public:
    enum Role { DeploymentIdRole = Qt::UserRole + 1, ReleasedRole, EnvironmentRole, VersionRole, NameRole, RolledBackRole };

    explicit DeploymentListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void setDeployments(const QList<DeploymentRecord> &deployments);
    /** Adds a new deployment at its place (newest first) or updates a known one. */
    void upsert(const DeploymentRecord &deployment);
    const QList<DeploymentRecord> &deployments() const { return m_deployments; }
    int rowOf(qint64 deploymentId) const;
    /** "name · version · environment · released" */
    static QString label(const DeploymentRecord &deployment);

private:
    QList<DeploymentRecord> m_deployments;
};
