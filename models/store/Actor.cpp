// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Actor.h"

#include <QHostInfo>
#include <QSettings>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
QString osUser()
{
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString value = qEnvironmentVariable(name).trimmed();
        if (!value.isEmpty())
            return value;
    }
    // Services and some CI runners start without USER; the password database still knows the uid.
    if (const passwd *entry = getpwuid(getuid()); entry && entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
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
