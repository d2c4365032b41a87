// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

/**
 * The words of one command line, consumed option by option. Options take their value as the
 * next word or after '='; whatever is left at the end is positional or unknown.
 */
class CliArguments
{
public:
    explicit CliArguments(QStringList words);

    /** Removes `--name VALUE` / `--name=VALUE`; error() is set when the value is missing. */
    std::optional<QString> takeOption(const QString &name);
    /** Removes every occurrence of a repeated option. */
    QStringList takeOptions(const QString &name);
    bool takeFlag(const QString &name);
    /** The next positional word, if any. */
    std::optional<QString> takePositional();
    /** Anything that still starts with "--" (an unknown option), or an empty string. */
    QString firstUnknownOption() const;
    QStringList remaining() const { return m_words; }
    QString error() const { return m_error; }

private:
    QStringList m_words;
    QString m_error;
};
