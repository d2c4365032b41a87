// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/BackgroundProbe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "scan/MigrationReport.h"

/**
 * The migrations probe (rb.migrations-reversible): MigrationChecker over the migrations added
 * since the previous released deployment's commit. An irreversible one fails; a layout it cannot
 * read is not-reported with the reason, never a pass; no previous deployment is not-reported too.
 * Check params: `path` (only migrations under it count), `down_command` (reverts Prisma
 * migrations). evaluate() is pure; run() reads the repository.
 */
class MigrationsCheck
{
public:
    static ProbeResult evaluate(const MigrationReport &report, const QString &previousName);
    static ProbeResult run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &shared);
};
