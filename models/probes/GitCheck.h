// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "git/GitReleaseState.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "probes/ProbeResult.h"

/**
 * The git probe (rb.version-tagged). Fail: the previous released deployment's commit has no tag,
 * or is not in the repository. Warn: the current deployment's commit is not tagged yet, there is
 * no previous released deployment (nothing to roll back to), or the working tree has uncommitted
 * changes. A dirty tree only warns by default because the checked deployment is named by its
 * commit, not by the files on disk; `dirty: fail` (check param) makes it fail, `dirty: ignore`
 * drops it. `tag_pattern` (a glob such as v*) limits which tags count. evaluate() is pure; run() reads the repository (blocking, for a worker).
 */
class GitCheck
{
public:
    enum class DirtyPolicy { Ignore, Warn, Fail };

    static ProbeResult evaluate(const GitReleaseState &state, const DeploymentHistory &deployments,
                                DirtyPolicy dirty = DirtyPolicy::Warn);
    static ProbeResult run(const ProbeContext &context, const ProbeRequest &request);
    /** Reads the `dirty` param; nullopt (with error) for an unknown value. */
    static std::optional<DirtyPolicy> dirtyPolicy(const QVariantMap &params, QString *error);
};
