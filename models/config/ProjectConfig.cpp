// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ProjectConfig.h"

#include <QDir>

const EnvironmentConfig *ProjectConfig::defaultEnvironment() const
{
    return environments.isEmpty() ? nullptr : &environments.first();
}

const EnvironmentConfig *ProjectConfig::environment(const QString &environmentName) const
{
    for (const EnvironmentConfig &env : environments) {
        if (env.name == environmentName)
            return &env;
    }
    return nullptr;
}

const NotifyChannelConfig *ProjectConfig::notifyChannel(const QString &channelName) const
{
    for (const NotifyChannelConfig &channel : notifyChannels) {
        if (channel.name == channelName)
            return &channel;
    }
    return nullptr;
}

QString ProjectConfig::absolutePath(const QString &path) const
{
    return QDir::cleanPath(QDir(configDir).absoluteFilePath(path));
}

ChecklistTemplate ProjectConfig::effectiveTemplate() const
{
    ChecklistTemplate result = ChecklistTemplate::builtIn();
    for (const ChecklistItem &item : customItems)
        result.upsert(item);
    for (auto it = checks.cbegin(); it != checks.cend(); ++it) {
        const CheckConfig &check = it.value();
        const ChecklistItem *found = result.find(check.itemId);
        if (!found)
            continue;
        ChecklistItem item = *found;
        bool changed = false;
        if (check.level && *check.level != item.level) {
            item.level = *check.level;
            changed = true;
        }
        if (check.probe) {
            const Binding rebound {BindingKind::Probe, check.probe->kind};
            if (!(rebound == item.binding)) {
                item.binding = rebound;
                changed = true;
            }
        }
        if (changed)
            result.upsert(item);
    }
    return result;
}
