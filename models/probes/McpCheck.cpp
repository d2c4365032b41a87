// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/McpCheck.h"

#include "config/ProjectConfig.h"
#include "scan/McpConfigInspector.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

ProbeResult McpCheck::evaluate(const QList<McpConfigReport> &reports)
{
    ProbeResult result;
    if (reports.isEmpty()) {
        result.status = Status::NotReported;
        result.summary = u"no MCP client config listed under `mcp:` in liftoff.yaml (and no .mcp.json in the repository)"_s;
        return result;
    }
    QJsonArray files;
    QStringList errors;
    QStringList failing;
    QStringList warning;
    int servers = 0;
    for (const McpConfigReport &report : reports) {
        QJsonObject file {{u"file"_s, report.file}};
        if (!report.ok) {
            errors.append(report.error);
            file.insert(u"error"_s, report.error);
            files.append(file);
            continue;
        }
        QJsonArray listed;
        for (const McpServer &server : report.servers) {
            ++servers;
            QJsonArray issues;
            for (const McpIssue &issue : server.issues) {
                const QString text = u"%1: %2 (%3)"_s.arg(server.name, McpIssue::riskName(issue.risk), issue.detail);
                (issue.risk == McpRisk::InlineSecret ? warning : failing).append(text);
                issues.append(QJsonObject {{u"risk"_s, McpIssue::riskName(issue.risk)}, {u"detail"_s, issue.detail}});
            }
            QJsonObject o {{u"name"_s, server.name}, {u"issues"_s, issues}};
            if (!server.command.isEmpty()) {
                o.insert(u"command"_s, server.command);
                o.insert(u"args"_s, QJsonArray::fromStringList(server.args));
            }
            if (!server.url.isEmpty())
                o.insert(u"url"_s, server.url);
            o.insert(u"env"_s, QJsonArray::fromStringList(server.envNames));
            listed.append(o);
        }
        file.insert(u"servers"_s, listed);
        files.append(file);
    }
    result.evidence = {{u"configs"_s, files}, {u"server_count"_s, servers}};
    if (!errors.isEmpty()) {
        result.status = Status::Error;
        result.summary = errors.join(u"; "_s);
    } else if (!failing.isEmpty()) {
        result.status = Status::Fail;
        result.summary = u"%1 MCP privilege problem(s): %2"_s.arg(failing.size()).arg(failing.join(u"; "_s));
    } else if (!warning.isEmpty()) {
        result.status = Status::Warn;
        result.summary = u"secrets written inline in MCP configs: %1; use ${VAR} references"_s.arg(warning.join(u"; "_s));
    } else {
        result.status = Status::Pass;
        result.summary = u"%1 MCP server(s) in %2 config(s), none with shell, whole-filesystem or wildcard network access"_s
                             .arg(servers)
                             .arg(reports.size());
    }
    return result;
}

ProbeResult McpCheck::run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &)
{
    QStringList configs = request.spec.params.value(u"configs"_s).toStringList();
    if (configs.isEmpty() && context.project)
        configs = context.project->mcpConfigs;
    QList<McpConfigReport> reports;
    const QDir base(context.projectDir.isEmpty() ? context.repoPath : context.projectDir);
    for (const QString &config : std::as_const(configs))
        reports.append(McpConfigInspector::inspectFile(QDir::isAbsolutePath(config) ? config : base.filePath(config)));
    if (configs.isEmpty()) {
        const QString fallback = QDir(context.repoPath).filePath(u".mcp.json"_s);
        if (QFileInfo::exists(fallback))
            reports.append(McpConfigInspector::inspectFile(fallback));
    }
    return evaluate(reports);
}
