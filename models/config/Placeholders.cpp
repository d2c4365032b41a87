// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/Placeholders.h"

using namespace Qt::StringLiterals;

namespace Placeholders {

QString expand(const QString &text, const QString &baseUrl, const QString &version)
{
    QString url = baseUrl;
    while (url.endsWith(u'/'))
        url.chop(1);
    QString result;
    result.reserve(text.size());
    // One left-to-right pass so a value that itself contains "{version}" is not expanded twice.
    for (qsizetype i = 0; i < text.size();) {
        const QStringView rest = QStringView(text).sliced(i);
        if (rest.startsWith(u"{url}")) {
            result += url;
            i += 5;
        } else if (rest.startsWith(u"{version}")) {
            result += version;
            i += 9;
        } else {
            result += text.at(i);
            ++i;
        }
    }
    return result;
}

} // namespace Placeholders
