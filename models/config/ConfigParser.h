// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigLoadResult.h"
#include "config/HttpTargetConfig.h"
#include "config/LangfuseConfig.h"
#include "config/ProjectConfig.h"
#include "config/YamlMap.h"
#include "config/YamlValueReader.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * Walks one parsed liftoff.yaml document section by section, filling a ProjectConfig and
 * collecting every diagnostic. ConfigLoader's engine; internal to the loader.
 */
class ConfigParser
{
public:
    ConfigParser(const QString &fileName, const QString &baseDir);

    /** Parses the text (already checked for size and encoding) into a result. */
    ConfigLoadResult parse(const QByteArray &yaml);

private:
    void parseDocument(const YAML::Node &root);
    void parseEnvironments(const YAML::Node &node);
    void parsePrompts(const YAML::Node &node);
    void parseModels(const YAML::Node &node);
    void parseNotify(const YAML::Node &node);
    void parseBudget(const YAML::Node &node);
    void parseSources(const YAML::Node &node);
    void parseCostSource(const YAML::Node &node);
    void parseCallSources(const YAML::Node &node);
    void parseItems(const YAML::Node &node);
    void parseRollback(const YAML::Node &node);
    void parseFlags(const YAML::Node &node);
    void parseEvals(const YAML::Node &node);
    void parseRedteam(const YAML::Node &node);
    void parseUptime(const YAML::Node &node);
    void parseChecks(const YAML::Node &node);
    void parsePrices(const YAML::Node &node);
    void parseCheck(const YamlMap::Entry &entry);

    std::optional<LangfuseConfig> parseLangfuse(const YAML::Node &node, bool withNames);
    std::optional<HttpTargetConfig> parseHttpTarget(const YAML::Node &node, const QString &key);
    /** The one key of map among choices; reports none or several. context names the mapping. */
    const YamlMap::Entry *exactlyOne(const YamlMap &map, const QStringList &choices, const QString &context);
    /** Checks every name of a list against the notify channels. */
    std::optional<QStringList> channelList(const YAML::Node &node, const QString &key);
    /** Checks every element of a list against the known item ids. */
    std::optional<QStringList> itemIdList(const YAML::Node &node, const QString &key);
    /** "unknown item `x`; did you mean `y`?" */
    QString unknownItemMessage(const QString &id) const;
    QStringList knownItemIds() const;

    YamlValueReader m_reader;
    QString m_fileName;
    QString m_baseDir;
    ProjectConfig m_project;
    QStringList m_channelNames;
};
