// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretOrText.h"
#include "probes/UptimeSample.h"
#include "probes/DeploymentHistory.h"

#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>

struct ProjectConfig;

/** What every probe of one run may use: the selected environment and deployment. */
struct ProbeContext
{
    QString environment;
    QString baseUrl;   ///< replaces {url}
    QString version;   ///< replaces {version}
    DeploymentHistory deployments; ///< the current and the previous released deployment (repository probes)
    QMap<QString, SecretOrText> headers; ///< the environment's headers, sent by http-based probes
    QString projectDir;
    QString repoPath;
    /** The whole project (notify channels, budget, uptime settings); null when the caller has none. */
    std::shared_ptr<const ProjectConfig> project;
    /**
     * Hashes (CommandHash::of) of the config commands a person approved. A command probe whose
     * hash is not in here does not run. Filled by the caller: the CLI with `--approve` for this
     * run, later the GUI from the approval store.
     */
    QSet<QString> approvedCommandHashes;
    /**
     * How many distinct people approved each command hash; empty when unknown. rb.one-command fails
     * while the rollback command has fewer than rollback.approvers (it could not run at 3 am).
     */
    QHash<QString, int> commandApproverCounts;
    /** The uptime samples polled so far for this environment (UptimeMonitor); unset: none exist. */
    std::function<QList<UptimeSample>()> uptimeSamples;
    /**
     * The store file and the deployment this run is for. The cost probe records the release-time
     * projection and the budget alerts there (from a worker thread, its own connection); empty or
     * 0 means no store: w1.cost-projection is not-reported and alerts are not tracked.
     */
    QString storePath;
    qint64 deploymentId = 0;

    /** Expands {url} and {version} in text. */
    QString expand(const QString &text) const;
};
