// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/Notification.h"

#include <QStringList>

using namespace Qt::StringLiterals;

QString Notification::plainText() const
{
    QStringList lines {title};
    for (const auto &[name, value] : fields)
        lines.append(u"%1: %2"_s.arg(name, value));
    return lines.join(u'\n');
}
