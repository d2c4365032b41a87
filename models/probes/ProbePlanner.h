// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistTemplate.h"
#include "config/ProjectConfig.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"

#include <QSet>

/**
 * Turns a project's checks into probe requests: the check's own probe spec, or a sensible default
 * for items whose kind needs nothing but the environment's URL (infra.health → GET {url}/health,
 * infra.hosting → GET {url}/). Items without a usable spec are reported, never silently passed.
 */
class ProbePlanner
{
public:
    struct Plan
    {
        QList<ProbeRequest> requests;
        /** Items that cannot run, with the reason (shown as not-reported). */
        QList<std::pair<QString, QString>> skipped;
    };

    /** The context for an environment of the project and a deployment version. */
    static ProbeContext contextFor(const ProjectConfig &project, const QString &environment, const QString &version);
    /** Requests for the given items (all probe items when ids is empty). */
    static Plan plan(const ProjectConfig &project, const ChecklistTemplate &checklist, const QStringList &ids,
                     const QSet<QString> &runnableKinds);
    /** The request for one item, or nullopt with reason. */
    static std::optional<ProbeRequest> requestFor(const ProjectConfig &project, const ChecklistItem &item,
                                                  QString *reason);
};
