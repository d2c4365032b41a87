// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreRecords.h"

#include <optional>

/**
 * The deployments a repository probe compares: the one being checked and the newest released one
 * before it (what a rollback returns to). Each names its code by commit, or by version when no
 * commit was recorded (a version like v1.4.0 resolves to its tag).
 */
struct DeploymentHistory
{
    std::optional<DeploymentRecord> current;
    std::optional<DeploymentRecord> previousReleased;

    /** Picks current by id and the newest released deployment created before it. */
    static DeploymentHistory from(const QList<DeploymentRecord> &deployments, qint64 currentId);
    /** The revision that names a deployment's code: its commit, else its version; empty for none. */
    static QString revisionOf(const std::optional<DeploymentRecord> &deployment);
};
