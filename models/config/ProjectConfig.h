// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"
#include "checklist/ChecklistTemplate.h"
#include "config/BudgetConfig.h"
#include "config/CheckConfig.h"
#include "config/EnvironmentConfig.h"
#include "config/EvalsConfig.h"
#include "config/FlagsConfig.h"
#include "config/ModelPriceConfig.h"
#include "config/ModelsConfig.h"
#include "config/NotifyChannelConfig.h"
#include "config/PromptSourceConfig.h"
#include "config/RedteamConfig.h"
#include "config/RollbackConfig.h"
#include "config/SourcesConfig.h"
#include "config/UptimeConfig.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * A project as described by its liftoff.yaml (spec/config.md), fully validated. Only
 * ConfigLoader makes one; sections the file leaves out are empty optionals or defaults.
 */
struct ProjectConfig
{
    int version = 1;
    QString name;       ///< `project`
    QString configPath; ///< absolute path of liftoff.yaml (or the name given to loadText)
    QString configDir;  ///< absolute folder that relative paths in the file are resolved against

    QList<EnvironmentConfig> environments; ///< in file order; the first is the default
    QString repoPath;                      ///< absolute, cleaned
    std::optional<PromptSourceConfig> prompts;
    ModelsConfig models;
    std::optional<BudgetConfig> budget;
    QList<NotifyChannelConfig> notifyChannels; ///< in file order
    SourcesConfig sources;
    std::optional<RollbackConfig> rollback;
    std::optional<FlagsConfig> flags;
    std::optional<EvalsConfig> evals;
    std::optional<RedteamConfig> redteam;
    QStringList mcpConfigs; ///< as written, relative to the config file
    UptimeConfig uptime;
    QHash<QString, CheckConfig> checks; ///< by item id
    QList<ChecklistItem> customItems;   ///< `items`, in file order
    QList<ModelPriceConfig> prices;     ///< `prices`, in file order: over the built-in price table

    /** The first environment, or nullptr when there is none. */
    const EnvironmentConfig *defaultEnvironment() const;
    const EnvironmentConfig *environment(const QString &name) const;
    const NotifyChannelConfig *notifyChannel(const QString &name) const;
    /** path made absolute against configDir (absolute paths are returned cleaned). */
    QString absolutePath(const QString &path) const;
    /**
     * The built-in template with the custom items added, each check's level override applied and
     * items rebound to the probe kind their check names.
     */
    ChecklistTemplate effectiveTemplate() const;
};
