// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/BackgroundProbe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "scan/McpConfigReport.h"

/**
 * The mcp probe (sec.mcp-least-privilege): McpConfigInspector over every MCP client config of the
 * project (`mcp:` in liftoff.yaml, or the check's `configs`; else the repository's .mcp.json).
 * Every server is listed; shell execution, a filesystem rooted at / or ~ and wildcard network
 * access fail; secrets written inline warn (api.keys-in-env owns them). A file that cannot be
 * read is an error; no config at all is not-reported. evaluate() is pure.
 */
class McpCheck
{
public:
    static ProbeResult evaluate(const QList<McpConfigReport> &reports);
    static ProbeResult run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &shared);
};
