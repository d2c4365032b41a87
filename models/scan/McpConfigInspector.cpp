// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/McpConfigInspector.h"

#include "scan/SecretDetector.h"
#include "scan/SourceMasker.h"
#include "scan/TextScan.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MAX_CONFIG_BYTES = 4 * 1024 * 1024;

bool isReference(const QString &value)
{
    static const QRegularExpression reference(
        uR"(^(\$\{[A-Za-z_][\w:.-]*\}|\$[A-Za-z_]\w*|\$\{(env|input):[^}]+\}|env:\S+|keychain:\S+|\{\{[^}]+\}\}|%[A-Za-z_]\w*%)$)"_s);
    return reference.match(value.trimmed()).hasMatch();
}

bool isSecretName(const QString &name)
{
    static const QRegularExpression secretName(
        uR"((^|[_\-.])(api[_\-]?key|key|token|secret|password|passwd|pass|pat|credentials?|auth|authorization|bearer|private[_\-]?key|access[_\-]?key)($|[_\-.]))"_s,
        QRegularExpression::CaseInsensitiveOption);
    return secretName.match(name).hasMatch() || name.endsWith(u"KEY"_s) || name.endsWith(u"TOKEN"_s);
}

bool isSecretFlag(const QString &arg)
{
    static const QRegularExpression flag(uR"(^--?[\w-]*(key|token|secret|password|pat|auth)[\w-]*$)"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    return flag.match(arg).hasMatch();
}

QString baseName(const QString &command)
{
    QString name = command.section(u'/', -1).section(u'\\', -1).toLower();
    if (name.endsWith(u".exe"_s))
        name.chop(4);
    return name;
}

/** Redacts every key the detector finds in value; returns true when one was found. */
bool redactDetected(const SecretDetector &detector, QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    const QList<SecretFinding> found = detector.scan(utf8, {});
    if (found.isEmpty())
        return false;
    value = found.first().redacted; // the whole value is replaced: never echo surrounding parts of a key
    return true;
}

void inspectServer(McpServer &server, const QJsonObject &object, const SecretDetector &detector)
{
    server.command = object.value(u"command"_s).toString();
    const QJsonArray args = object.value(u"args"_s).toArray();
    QStringList rawArgs;
    for (const QJsonValue &arg : args)
        rawArgs.append(arg.isString() ? arg.toString() : QString::fromUtf8(QJsonDocument(QJsonArray {arg}).toJson(QJsonDocument::Compact)));
    const QString urlText = object.value(u"url"_s).toString(object.value(u"serverUrl"_s).toString());
    auto issue = [&](McpRisk risk, const QString &detail) { server.issues.append(McpIssue {risk, detail}); };

    // Shell and command execution.
    static const QStringList shells {u"bash"_s, u"sh"_s, u"zsh"_s, u"fish"_s, u"dash"_s, u"ksh"_s, u"csh"_s,
                                     u"tcsh"_s, u"powershell"_s, u"pwsh"_s, u"cmd"_s};
    static const QStringList shellServers {u"mcp-shell"_s, u"shell-mcp"_s, u"server-shell"_s, u"shell-server"_s,
                                           u"mcp-server-commands"_s, u"desktop-commander"_s, u"terminal-mcp"_s,
                                           u"mcp-terminal"_s, u"server-terminal"_s, u"mcp-server-shell"_s,
                                           u"cli-mcp-server"_s};
    const QString commandName = baseName(server.command);
    if (shells.contains(commandName)) {
        issue(McpRisk::ShellExecution, u"started through %1: the server can run any command"_s.arg(commandName));
    } else {
        const QString haystack = QString(server.command + u' ' + rawArgs.join(u' ') + u' ' + server.name).toLower();
        for (const QString &known : shellServers) {
            if (haystack.contains(known)) {
                issue(McpRisk::ShellExecution, u"%1 is a shell/command-execution server"_s.arg(known));
                break;
            }
        }
        if (server.issues.isEmpty() && (server.name.toLower() == u"shell"_s || server.name.toLower() == u"terminal"_s))
            issue(McpRisk::ShellExecution, u"server named %1: shell access"_s.arg(server.name));
    }

    // Filesystem rooted at /, ~ or $HOME.
    static const QStringList roots {u"/"_s, u"~"_s, u"$HOME"_s, u"${HOME}"_s, u"%USERPROFILE%"_s, u"C:\\"_s,
                                    u"C:/"_s, u"C:"_s};
    const QString description = server.command + u' ' + rawArgs.join(u' ') + u' ' + server.name;
    const bool filesystemServer = description.contains(u"filesystem"_s, Qt::CaseInsensitive);
    for (const QString &arg : rawArgs) {
        QString normalised = arg.trimmed();
        while (normalised.size() > 1 && (normalised.endsWith(u'/') || normalised.endsWith(u'\\')) && normalised != u"C:\\"_s
               && normalised != u"C:/"_s)
            normalised.chop(1);
        const bool rootMount = normalised.startsWith(u"/:"_s) || normalised.startsWith(u"~:"_s)
            || normalised.startsWith(u"$HOME:"_s) || normalised.startsWith(u"${HOME}:"_s)
            || normalised.contains(u"source=/,"_s);
        if ((filesystemServer && roots.contains(normalised)) || rootMount) {
            issue(McpRisk::FilesystemRoot, u"filesystem access rooted at %1"_s.arg(arg));
            break;
        }
    }

    // Wildcard network access.
    static const QRegularExpression hostFlag(uR"(^--?[\w-]*(host|domain|origin|net|url)s?[\w-]*(=(.*))?$)"_s,
                                             QRegularExpression::CaseInsensitiveOption);
    for (qsizetype i = 0; i < rawArgs.size(); ++i) {
        const QString &arg = rawArgs.at(i);
        const auto m = hostFlag.match(arg);
        if (!m.hasMatch())
            continue;
        const QString value = m.hasCaptured(3) ? m.captured(3) : rawArgs.value(i + 1);
        const bool denoAllNet = commandName == u"deno"_s && (arg == u"--allow-net"_s);
        if (value.split(u',').contains(u"*"_s) || denoAllNet) {
            issue(McpRisk::WildcardNetwork, u"%1 allows every host"_s.arg(arg.section(u'=', 0, 0)));
            break;
        }
    }
    if (commandName == u"deno"_s && (rawArgs.contains(u"-A"_s) || rawArgs.contains(u"--allow-all"_s)))
        issue(McpRisk::WildcardNetwork, u"deno --allow-all grants unrestricted network access"_s);
    static const QRegularExpression networkKey(uR"((allowed|allow)[_-]?(hosts|domains|origins)|network)"_s,
                                               QRegularExpression::CaseInsensitiveOption);
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!networkKey.match(it.key()).hasMatch())
            continue;
        const QJsonValue v = it.value();
        const bool wildcard = (v.isString() && v.toString().split(u',').contains(u"*"_s))
            || (v.isArray() && v.toArray().contains(QJsonValue(u"*"_s)));
        if (wildcard)
            issue(McpRisk::WildcardNetwork, u"%1 is \"*\""_s.arg(it.key()));
    }

    // Environment: names only; inline secrets flagged.
    const QJsonObject env = object.value(u"env"_s).toObject();
    for (auto it = env.constBegin(); it != env.constEnd(); ++it) {
        server.envNames.append(it.key());
        QString value = it.value().toString();
        if (value.isEmpty() || isReference(value))
            continue;
        if (redactDetected(detector, value))
            issue(McpRisk::InlineSecret, u"env %1 holds a key inline (%2); use ${%1}"_s.arg(it.key(), value));
        else if (isSecretName(it.key()))
            issue(McpRisk::InlineSecret, u"env %1 holds an inline value; use ${%1}"_s.arg(it.key()));
        else if ((networkKey.match(it.key()).hasMatch() || it.key().contains(u"HOST"_s))
                 && value.split(u',').contains(u"*"_s))
            issue(McpRisk::WildcardNetwork, u"env %1 is \"*\""_s.arg(it.key()));
    }
    server.envNames.sort();

    const QJsonObject headers = object.value(u"headers"_s).toObject();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        QString value = it.value().toString();
        QString credential = value;
        static const QRegularExpression scheme(uR"(^(Bearer|Basic|Token)\s+)"_s, QRegularExpression::CaseInsensitiveOption);
        credential.remove(scheme);
        if (credential.isEmpty() || isReference(credential))
            continue;
        if (redactDetected(detector, value) || isSecretName(it.key()) || it.key().compare(u"Authorization"_s, Qt::CaseInsensitive) == 0)
            issue(McpRisk::InlineSecret, u"header %1 holds a credential inline; use a ${VAR} reference"_s.arg(it.key()));
    }

    // Arguments: redact keys and values of secret flags.
    for (qsizetype i = 0; i < rawArgs.size(); ++i) {
        QString arg = rawArgs.at(i);
        const QString flagName = arg.section(u'=', 0, 0);
        if (arg.contains(u'=') && isSecretFlag(flagName)) {
            const QString value = arg.section(u'=', 1);
            if (!value.isEmpty() && !isReference(value)) {
                issue(McpRisk::InlineSecret, u"argument %1 holds a secret inline"_s.arg(flagName));
                arg = flagName + u'=' + TextScan::redact(value.toUtf8(), 0);
            }
        } else if (i > 0 && isSecretFlag(rawArgs.at(i - 1)) && !arg.startsWith(u'-') && !isReference(arg)) {
            issue(McpRisk::InlineSecret, u"argument %1 is followed by a secret inline"_s.arg(rawArgs.at(i - 1)));
            arg = TextScan::redact(arg.toUtf8(), 0);
        } else if (redactDetected(detector, arg)) {
            issue(McpRisk::InlineSecret, u"argument %1 holds a key inline (%2)"_s.arg(i + 1).arg(arg));
        }
        server.args.append(arg);
    }

    // URL: drop the query (it may carry a key) and flag credentials in it.
    if (!urlText.isEmpty()) {
        const qsizetype query = urlText.indexOf(u'?');
        server.url = query >= 0 ? urlText.left(query) + u"?…"_s : urlText;
        static const QRegularExpression credentialParameter(uR"([?&][\w-]*(key|token|secret|auth)[\w-]*=([^&#]+))"_s,
                                                            QRegularExpression::CaseInsensitiveOption);
        const auto m = credentialParameter.match(urlText);
        if (m.hasMatch() && !isReference(m.captured(2)))
            issue(McpRisk::InlineSecret, u"the URL carries a credential in its query string"_s);
    }
}

} // namespace

QString McpIssue::riskName(McpRisk risk)
{
    switch (risk) {
    case McpRisk::ShellExecution: return u"shell"_s;
    case McpRisk::FilesystemRoot: return u"filesystem-root"_s;
    case McpRisk::WildcardNetwork: return u"wildcard-network"_s;
    case McpRisk::InlineSecret: return u"inline-secret"_s;
    }
    return {};
}

int McpConfigReport::issueCount() const
{
    int count = 0;
    for (const McpServer &server : servers)
        count += static_cast<int>(server.issues.size());
    return count;
}

QString McpConfigReport::summary() const
{
    if (!ok)
        return error;
    int flagged = 0;
    for (const McpServer &server : servers)
        flagged += server.issues.isEmpty() ? 0 : 1;
    return u"%1: %2 MCP server(s), %3 with excess privilege (%4 issue(s))"_s.arg(file)
        .arg(servers.size())
        .arg(flagged)
        .arg(issueCount());
}

McpConfigReport McpConfigInspector::inspectFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        McpConfigReport report;
        report.file = path;
        report.error = u"%1: cannot read the MCP config (%2)"_s.arg(path, file.errorString());
        return report;
    }
    if (file.size() > MAX_CONFIG_BYTES) {
        McpConfigReport report;
        report.file = path;
        report.error = u"%1: MCP config larger than 4 MiB, not read"_s.arg(path);
        return report;
    }
    return inspectJson(file.readAll(), path);
}

McpConfigReport McpConfigInspector::inspectJson(const QByteArray &json, const QString &origin)
{
    McpConfigReport report;
    report.file = origin;
    // VS Code's mcp.json allows comments; blanking them keeps every offset for error positions.
    const QByteArray withoutComments = SourceMasker::mask(json, SourceLanguage::JavaScript).withoutComments;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(withoutComments, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = TextScan::lineAt(json, parseError.offset);
        const qsizetype lineStart = json.lastIndexOf('\n', std::max(0, parseError.offset - 1)) + 1;
        report.error = u"%1: malformed JSON at line %2, column %3: %4"_s.arg(origin)
                           .arg(line)
                           .arg(parseError.offset - lineStart + 1)
                           .arg(parseError.errorString());
        return report;
    }
    if (!document.isObject()) {
        report.error = u"%1: an MCP config must be a JSON object"_s.arg(origin);
        return report;
    }
    const QJsonObject root = document.object();
    QJsonValue serversValue = root.value(u"mcpServers"_s);
    if (serversValue.isUndefined())
        serversValue = root.value(u"servers"_s);
    if (serversValue.isUndefined())
        serversValue = root.value(u"mcp"_s).toObject().value(u"servers"_s);
    if (serversValue.isUndefined()) {
        report.error = u"%1: no mcpServers (or servers) object found"_s.arg(origin);
        return report;
    }
    if (!serversValue.isObject()) {
        report.error = u"%1: mcpServers must be an object of name: {command, args, env, url}"_s.arg(origin);
        return report;
    }
    const SecretDetector detector;
    const QJsonObject servers = serversValue.toObject();
    for (auto it = servers.constBegin(); it != servers.constEnd(); ++it) {
        McpServer server;
        server.name = it.key();
        if (!it.value().isObject()) {
            report.error = u"%1: server %2 must be an object"_s.arg(origin, it.key());
            return report;
        }
        inspectServer(server, it.value().toObject(), detector);
        report.servers.append(server);
    }
    report.ok = true;
    return report;
}
