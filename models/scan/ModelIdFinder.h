// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/ModelIdOccurrence.h"

#include <QByteArrayView>
#include <QList>

#include <atomic>

/**
 * Finds model-ID-looking strings: string literals in code (py, js, ts, tsx, jsx, mjs, cjs, go, rb,
 * java) and values in config files (.env*, YAML, JSON, TOML), each classified by ModelIdClassifier.
 */
class ModelIdFinder
{
public:
    enum class FileKind { NotScanned, Code, Config };

    static FileKind kindOf(const QString &relativePath);
    /** True when the whole string has the shape of a model ID of a known family (routing prefixes allowed). */
    static bool looksLikeModelId(const QString &candidate);
    static QList<ModelIdOccurrence> findInText(QByteArrayView text, const QString &file, FileKind kind);
    /** Every candidate file of the working tree (.gitignore respected); empty list on error. */
    static QList<ModelIdOccurrence> findInTree(const QString &folder, const std::atomic<bool> *cancel = nullptr);
};
