// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigLoadResult.h"

#include <QByteArray>
#include <QString>

/**
 * Reads liftoff.yaml (spec/config.md) into a ProjectConfig, or reports every problem in it with
 * file, line and column. Never throws; never returns a partly loaded project.
 */
class ConfigLoader
{
public:
    /** Files larger than this are refused before parsing. */
    static constexpr qint64 MAX_FILE_BYTES = 1024 * 1024;

    /** Loads the file at path; relative paths inside it are resolved against its folder. */
    static ConfigLoadResult loadFile(const QString &path);
    /**
     * Loads YAML text. fileName is used in diagnostics and as ProjectConfig::configPath; relative
     * paths inside are resolved against baseDir.
     */
    static ConfigLoadResult loadText(const QByteArray &yaml, const QString &fileName, const QString &baseDir);
};
