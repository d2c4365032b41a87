// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/DeploymentHistory.h"

DeploymentHistory DeploymentHistory::from(const QList<DeploymentRecord> &deployments, qint64 currentId)
{
    DeploymentHistory history;
    for (const DeploymentRecord &d : deployments) {
        if (d.id == currentId)
            history.current = d;
    }
    for (const DeploymentRecord &d : deployments) {
        if (d.id == currentId || !d.isReleased())
            continue;
        if (history.current && d.created > history.current->created)
            continue; // released later than the one checked: not what it would roll back to
        if (!history.previousReleased || d.created > history.previousReleased->created
            || (d.created == history.previousReleased->created && d.id > history.previousReleased->id))
            history.previousReleased = d;
    }
    return history;
}

QString DeploymentHistory::revisionOf(const std::optional<DeploymentRecord> &deployment)
{
    if (!deployment)
        return {};
    return deployment->commit.isEmpty() ? deployment->version : deployment->commit;
}
