// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/RollbackCommandLine.h"

#include "actions/CommandHash.h"
#include "config/Placeholders.h"
#include "config/ProjectConfig.h"
#include "config/SecretResolver.h"
#include "scan/SecretRedactor.h"

using namespace Qt::StringLiterals;

std::optional<RollbackCommandLine> RollbackCommandLine::of(const ProjectConfig &project, bool dryRun)
{
    if (!project.rollback)
        return std::nullopt;
    const RollbackConfig &config = *project.rollback;
    RollbackCommandLine line;
    line.m_argv = dryRun ? config.dryRun : config.command;
    if (line.m_argv.isEmpty())
        return std::nullopt;
    line.m_workingDirectory = project.absolutePath(config.cwd.isEmpty() ? u"."_s : config.cwd);
    line.m_environment = config.env;
    line.m_timeoutMs = config.timeoutMs;
    line.m_dryRun = dryRun;
    return line;
}

QString RollbackCommandLine::hash() const
{
    return CommandHash::of(m_argv, m_workingDirectory, environmentNames());
}

QString RollbackCommandLine::quoted(const QString &argument)
{
    if (!argument.isEmpty() && !argument.contains(u' ') && !argument.contains(u'"') && !argument.contains(u'\''))
        return argument;
    QString escaped = argument;
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s);
    return u"\""_s + escaped + u"\""_s;
}

QString RollbackCommandLine::displayText() const
{
    QStringList parts;
    for (const QString &a : m_argv)
        parts.append(quoted(a));
    QString text = parts.join(u' ') + u"  (in "_s + m_workingDirectory + u")"_s;
    if (!m_environment.isEmpty())
        text += u"  env: "_s + environmentNames().join(u", "_s);
    // What is shown and stored (preview, approvals, rollbacks, audit) never carries a key written
    // into liftoff.yaml's argv; the hash is taken from the real argv.
    return SecretRedactor::redactKeys(text);
}

QString RollbackCommandLine::expandedText(const QString &baseUrl, const QString &version) const
{
    QStringList parts;
    for (const QString &a : m_argv)
        parts.append(quoted(Placeholders::expand(a, baseUrl, version)));
    return SecretRedactor::redactKeys(parts.join(u' '));
}

std::optional<CommandSpec> RollbackCommandLine::resolve(const QString &baseUrl, const QString &version,
                                                        QStringList *secrets, QString *error) const
{
    CommandSpec spec;
    for (const QString &a : m_argv)
        spec.argv.append(Placeholders::expand(a, baseUrl, version));
    spec.workingDirectory = m_workingDirectory;
    spec.timeoutMs = m_timeoutMs;
    for (auto it = m_environment.begin(); it != m_environment.end(); ++it) {
        QString why;
        const std::optional<QString> value = SecretResolver::resolve(it.value(), &why);
        if (!value) {
            if (error)
                *error = u"rollback.env.%1: %2"_s.arg(it.key(), why);
            return std::nullopt;
        }
        spec.environment.insert(it.key(), *value);
        if (secrets)
            secrets->append(*value);
    }
    return spec;
}
