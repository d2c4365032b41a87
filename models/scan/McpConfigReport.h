// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

/** Kinds of excess privilege an MCP server can have (sec.mcp-least-privilege). */
enum class McpRisk { ShellExecution, FilesystemRoot, WildcardNetwork, InlineSecret };

struct McpIssue
{
    McpRisk risk = McpRisk::ShellExecution;
    QString detail;   ///< what was seen, secrets redacted

    static QString riskName(McpRisk risk); ///< shell, filesystem-root, wildcard-network, inline-secret
};

/** One configured MCP server as shown to the user: never a secret value, env by name only. */
struct McpServer
{
    QString name;
    QString command;      ///< empty for remote (url) servers
    QStringList args;     ///< secrets in them redacted
    QStringList envNames; ///< names only, sorted
    QString url;          ///< query string dropped
    QList<McpIssue> issues;
};

/** Everything one MCP client config file says, or why it could not be read. */
struct McpConfigReport
{
    bool ok = false;
    QString file;
    QString error;        ///< names the file, with line and column for malformed JSON
    QList<McpServer> servers;

    int issueCount() const;
    QString summary() const;
};
