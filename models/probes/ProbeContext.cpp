// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbeContext.h"

using namespace Qt::StringLiterals;

QString ProbeContext::expand(const QString &text) const
{
    QString out = text;
    QString base = baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    out.replace(u"{url}"_s, base);
    out.replace(u"{version}"_s, version);
    return out;
}
