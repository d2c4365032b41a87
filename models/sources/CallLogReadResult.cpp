// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CallLogReadResult.h"

#include <QStringList>

using namespace Qt::StringLiterals;

QStringList CallLogReadResult::malformedSummary() const
{
    QStringList lines;
    for (const Malformed &m : firstMalformed)
        lines.append(u"%1 %2: %3"_s.arg(document ? u"record"_s : u"line"_s).arg(m.line).arg(m.reason));
    return lines;
}
