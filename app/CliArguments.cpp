// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliArguments.h"

CliArguments::CliArguments(const ParsedCommandLine &parsed)
    : m_values(parsed.values), m_flags(parsed.flags), m_positionals(parsed.positionals)
{
}

std::optional<QString> CliArguments::takeOption(const QString &name)
{
    const QStringList values = m_values.take(name);
    if (values.isEmpty())
        return std::nullopt;
    return values.constLast();
}

QStringList CliArguments::takeOptions(const QString &name)
{
    return m_values.take(name);
}

bool CliArguments::takeFlag(const QString &name)
{
    return m_flags.remove(name);
}

std::optional<QString> CliArguments::takePositional()
{
    if (m_positionals.isEmpty())
        return std::nullopt;
    return m_positionals.takeFirst();
}

QStringList CliArguments::takePositionals()
{
    return std::exchange(m_positionals, {});
}
