// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/PathGlob.h"

using namespace Qt::StringLiterals;

PathGlob::PathGlob(const QStringList &globs)
{
    for (QString glob : globs) {
        glob = glob.trimmed();
        if (glob.startsWith(u"./"_s))
            glob.remove(0, 2);
        if (glob.isEmpty())
            continue;
        if (glob.endsWith(u'/'))
            glob += u"**"_s; // a folder means everything below it
        m_patterns.append(QRegularExpression(toRegularExpression(glob)));
        m_matchesFileName.append(!glob.contains(u'/'));
    }
}

QString PathGlob::toRegularExpression(const QString &glob)
{
    QString pattern = u"^"_s;
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const QChar c = glob.at(i);
        if (c == u'*') {
            if (i + 1 < glob.size() && glob.at(i + 1) == u'*') {
                ++i;
                if (i + 1 < glob.size() && glob.at(i + 1) == u'/') {
                    ++i;
                    pattern += u"(?:.*/)?"_s;
                } else {
                    pattern += u".*"_s;
                }
            } else {
                pattern += u"[^/]*"_s;
            }
        } else if (c == u'?') {
            pattern += u"[^/]"_s;
        } else {
            pattern += QRegularExpression::escape(QString(c));
        }
    }
    return pattern + u"$"_s;
}

bool PathGlob::matches(const QString &relativePath) const
{
    const QString fileName = relativePath.section(u'/', -1);
    for (qsizetype i = 0; i < m_patterns.size(); ++i) {
        const QString &subject = m_matchesFileName.at(i) ? fileName : relativePath;
        if (m_patterns.at(i).match(subject).hasMatch())
            return true;
    }
    return false;
}
