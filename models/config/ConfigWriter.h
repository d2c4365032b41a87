// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigEdit.h"
#include "config/ConfigWriteResult.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * Writes edits back into a user's liftoff.yaml without losing what the user wrote: the text is
 * patched by line ranges (only the edited value's lines change), so every comment and the key
 * order stay. New keys go at the end of their parent mapping at its indentation; a value written
 * in flow style (`{url: ..., method: POST}`) is replaced as a whole. A result the loader rejects
 * is never written.
 */
class ConfigWriter
{
public:
    /** yaml with the edits applied in order (pure; block-style YAML as the spec writes it). */
    static QString apply(const QString &yaml, const QList<ConfigEdit> &edits);
    /** The value at a key path, read with yaml-cpp; nullopt when absent or the text does not parse. */
    static std::optional<ConfigValue> read(const QString &yaml, const QStringList &path);
    /**
     * Applies edits to the file at path, checks the result with ConfigLoader and, only when it
     * loads, replaces the file atomically.
     */
    static ConfigWriteResult write(const QString &path, const QList<ConfigEdit> &edits);
    /** Checks yaml with ConfigLoader as the file at path and, only when it loads, writes it atomically. */
    static ConfigWriteResult writeText(const QString &path, const QString &yaml);
};
