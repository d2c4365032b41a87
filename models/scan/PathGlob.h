// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QRegularExpression>
#include <QStringList>

/**
 * A set of path globs as users write them in allowlists: `*` and `?` stay inside one folder,
 * `**` crosses folders, and a glob without a slash matches a file name in any folder.
 */
class PathGlob
{
public:
    PathGlob() = default;
    explicit PathGlob(const QStringList &globs);

    /** True when the repository-relative path (forward slashes) matches one of the globs. */
    bool matches(const QString &relativePath) const;
    bool isEmpty() const { return m_patterns.isEmpty(); }

    /** The anchored regular expression pattern for one glob (exposed for tests). */
    static QString toRegularExpression(const QString &glob);

private:
    QList<QRegularExpression> m_patterns;
    QList<bool> m_matchesFileName;
};
