// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliArguments.h"

using namespace Qt::StringLiterals;

CliArguments::CliArguments(QStringList words) : m_words(std::move(words)) {}

std::optional<QString> CliArguments::takeOption(const QString &name)
{
    std::optional<QString> value;
    for (qsizetype i = 0; i < m_words.size();) {
        const QString &word = m_words.at(i);
        if (word == name) {
            if (i + 1 >= m_words.size()) {
                m_error = u"%1 needs a value"_s.arg(name);
                m_words.removeAt(i);
                continue;
            }
            value = m_words.at(i + 1);
            m_words.remove(i, 2);
            continue;
        }
        if (word.startsWith(name + u'=')) {
            value = word.mid(name.size() + 1);
            m_words.removeAt(i);
            continue;
        }
        ++i;
    }
    return value;
}

QStringList CliArguments::takeOptions(const QString &name)
{
    QStringList values;
    while (auto v = takeOption(name))
        values.append(*v);
    return values;
}

bool CliArguments::takeFlag(const QString &name)
{
    return m_words.removeAll(name) > 0;
}

std::optional<QString> CliArguments::takePositional()
{
    for (qsizetype i = 0; i < m_words.size(); ++i) {
        if (m_words.at(i) == u"--") {
            if (i + 1 < m_words.size()) {
                const QString word = m_words.at(i + 1);
                m_words.removeAt(i + 1);
                return word;
            }
            return std::nullopt;
        }
        if (!m_words.at(i).startsWith(u"--")) {
            const QString word = m_words.at(i);
            m_words.removeAt(i);
            return word;
        }
    }
    return std::nullopt;
}

QString CliArguments::firstUnknownOption() const
{
    for (const QString &word : m_words) {
        if (word.startsWith(u"-") && word != u"--")
            return word;
    }
    return {};
}
