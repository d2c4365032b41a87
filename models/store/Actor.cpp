// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Actor.h"

#include <QHostInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace {
QString osUser()
{
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString value = qEnvironmentVariable(name).trimmed();
        if (!value.isEmpty())
            return value;
    }
    return {};
}
} // namespace

QString Actor::displayName(const std::optional<QString> &given)
{
    if (given && !given->trimmed().isEmpty())
        return given->trimmed().left(200);
    const QString configured = QSettings().value(QLatin1StringView(NAME_SETTING)).toString().trimmed();
    if (!configured.isEmpty())
        return configured.left(200);
    const QString user = osUser();
    return user.isEmpty() ? u"unknown"_s : user;
}

QString Actor::osAccount()
{
    const QString user = osUser();
    QString host = QHostInfo::localHostName();
    if (host.isEmpty())
        host = u"localhost"_s;
    return (user.isEmpty() ? u"unknown"_s : user) + u'@' + host;
}
