// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/ReportData.h"
#include "store/StoreError.h"

class Database;
struct ProjectConfig;

/**
 * Reads what a report needs beyond the evaluated items: the deployment's audit trail, its
 * h24.latency runs and the newest cost evidence, on the given connection (CLI thread or a worker;
 * never the GUI thread). The items come from the caller, evaluated as the verdict is.
 */
namespace ReportLoader {

StoreError load(Database &database, const ProjectConfig &project, const DeploymentRecord &deployment,
                const QList<EvaluatedItem> &items, ReportData *out);

} // namespace ReportLoader
