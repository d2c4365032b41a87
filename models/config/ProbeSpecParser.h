// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProbeSpec.h"
#include "config/YamlMap.h"
#include "config/YamlValueReader.h"

#include <QString>
#include <QStringList>

#include <optional>

/**
 * Validates the parameters of one probe kind under `checks` and turns them into a ProbeSpec.
 * Knows every kind that the checklist's `probe:KIND` bindings name and the keys each accepts.
 * Internal to the config loader.
 */
class ProbeSpecParser
{
public:
    /** channelNames: the names under `notify`, which the alerts kind may refer to. */
    ProbeSpecParser(YamlValueReader &reader, const QStringList &channelNames);

    /** Every probe kind, in the order of spec/config.md. */
    static QStringList kinds();
    /** The parameter keys that kind accepts (the argv of `command` has none). */
    static QStringList parameterKeys(const QString &kind);

    /**
     * Parses the value of a check's kind key. expectNames is the check's `expect_names` node
     * (undefined when absent), used by the command kind.
     */
    std::optional<ProbeSpec> parse(const YamlMap::Entry &kindEntry, const YAML::Node &expectNames);

private:
    YamlValueReader &m_reader;
    QStringList m_channelNames;
};
