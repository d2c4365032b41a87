// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/McpConfigReport.h"

#include <QByteArray>

/**
 * Reads MCP client configs (`mcpServers` / `servers` / `mcp.servers` objects of
 * {command, args, env, url, headers}; comments allowed as in VS Code's mcp.json), lists the servers
 * and flags shell execution, filesystem access rooted at / ~ or $HOME, wildcard network access and
 * secrets written inline instead of ${VAR} references. Pure apart from reading the file.
 */
class McpConfigInspector
{
public:
    static McpConfigReport inspectFile(const QString &path);
    /** origin names the source in errors (usually the file name). */
    static McpConfigReport inspectJson(const QByteArray &json, const QString &origin);
};
