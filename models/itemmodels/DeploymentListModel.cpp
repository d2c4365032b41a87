// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/DeploymentListModel.h"

using namespace Qt::StringLiterals;

DeploymentListModel::DeploymentListModel(QObject *parent) : QAbstractListModel(parent) {}

int DeploymentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_deployments.size());
}

QVariant DeploymentListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeploymentRecord &d = m_deployments.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return label(d);
    case Qt::ToolTipRole:
        return u"Created %1%2"_s.arg(d.created.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s),
                                    d.isReleased() ? u", released %1"_s.arg(d.released.toLocalTime().toString(
                                                         u"yyyy-MM-dd HH:mm"_s))
                                                   : u", not released"_s);
    case DeploymentIdRole: return d.id;
    case ReleasedRole: return d.isReleased();
    case EnvironmentRole: return d.environment;
    case VersionRole: return d.version;
    case NameRole: return d.name;
    case RolledBackRole: return d.isRolledBack();
    default: return {};
    }
}

QString DeploymentListModel::label(const DeploymentRecord &d)
{
    QStringList parts {d.name};
    if (!d.version.isEmpty())
        parts.append(d.version);
    if (!d.environment.isEmpty())
        parts.append(d.environment);
    parts.append(d.isReleased() ? u"released"_s : u"not released"_s);
    if (d.isRolledBack())
        parts.append(u"rolled back"_s);
    return parts.join(u" · "_s);
}

void DeploymentListModel::setDeployments(const QList<DeploymentRecord> &deployments)
{
    beginResetModel();
    m_deployments = deployments;
    endResetModel();
}

void DeploymentListModel::upsert(const DeploymentRecord &deployment)
{
    if (const int row = rowOf(deployment.id); row >= 0) {
        m_deployments[row] = deployment;
        emit dataChanged(index(row), index(row));
        return;
    }
    int row = 0;
    while (row < m_deployments.size() && m_deployments.at(row).created > deployment.created)
        ++row;
    beginInsertRows({}, row, row);
    m_deployments.insert(row, deployment);
    endInsertRows();
}

int DeploymentListModel::rowOf(qint64 deploymentId) const
{
    for (int row = 0; row < m_deployments.size(); ++row) {
        if (m_deployments.at(row).id == deploymentId)
            return row;
    }
    return -1;
}
