// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigDiagnostic.h"
#include "config/ConfigLocation.h"
#include "config/SecretOrText.h"
#include "config/SecretRef.h"
#include "config/YamlMap.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

#include <yaml-cpp/yaml.h>

/**
 * Reads typed values out of yaml-cpp nodes for the config loader. Every reader either returns a
 * value or records a diagnostic at the node (file:line:column, what was expected) and returns
 * nullopt, so callers go on and collect all errors. Scalars longer than a short limit are never
 * echoed in messages, and values expected to be secret references show at most their last 4
 * characters. Internal to the loader.
 */
class YamlValueReader
{
public:
    explicit YamlValueReader(const QString &fileName);

    void error(const YAML::Node &at, const QString &message);
    void error(const YAML::Mark &mark, const QString &message);
    const QList<ConfigDiagnostic> &diagnostics() const { return m_diagnostics; }
    bool hasErrors() const { return !m_diagnostics.isEmpty(); }
    ConfigLocation location(const YAML::Node &node) const;

    /** "`value`" for short scalars, "a mapping", "a list", "nothing", or a redacted form of long scalars. */
    static QString describe(const YAML::Node &node);
    /** "`text`" when short enough to show, otherwise its length and at most its last 4 characters. */
    static QString quoted(const QString &text);

    /**
     * A mapping whose keys must be among knownKeys: reports a non-mapping, non-scalar keys,
     * duplicate keys and unknown keys (suggesting the nearest known one). context names the
     * mapping in messages, e.g. "`http`". Unknown and duplicate entries are left out of the result.
     */
    std::optional<YamlMap> map(const YAML::Node &node, const QString &context, const QStringList &knownKeys);
    /** A mapping with free keys (names chosen by the user); reports duplicates. */
    std::optional<YamlMap> freeMap(const YAML::Node &node, const QString &context);
    /** Reports "missing `key` in context" at the mapping's position. */
    void missing(const YamlMap &map, const QString &key, const QString &context);

    std::optional<QString> string(const YAML::Node &node, const QString &key);
    std::optional<QString> nonEmptyString(const YAML::Node &node, const QString &key);
    std::optional<qint64> integer(const YAML::Node &node, const QString &key, qint64 min, qint64 max);
    std::optional<double> number(const YAML::Node &node, const QString &key, double min, double max);
    std::optional<bool> boolean(const YAML::Node &node, const QString &key);
    /** A duration in ms; zero is refused unless allowZero. */
    std::optional<qint64> durationMs(const YAML::Node &node, const QString &key, bool allowZero = false);
    std::optional<SecretRef> secretRef(const YAML::Node &node, const QString &key);
    /** Text or a secret reference; when the header name looks sensitive, only a reference is accepted. */
    std::optional<SecretOrText> headerValue(const YAML::Node &node, const QString &headerName);
    /** A mapping of header names to values (text or secret references). */
    std::optional<QMap<QString, SecretOrText>> headers(const YAML::Node &node, const QString &key);
    /** A list of strings; an empty list is refused unless allowEmpty. */
    std::optional<QStringList> stringList(const YAML::Node &node, const QString &key, bool allowEmpty = false);
    /** An argv list: non-empty, every element a non-empty string. */
    std::optional<QStringList> argv(const YAML::Node &node, const QString &key);
    /** An http(s) URL; `{url}` and `{version}` are allowed when allowPlaceholders. */
    std::optional<QString> url(const YAML::Node &node, const QString &key, bool allowPlaceholders);
    /** One of allowed (exact spelling), suggesting the nearest otherwise. */
    std::optional<QString> choice(const YAML::Node &node, const QString &key, const QStringList &allowed);
    /** Any YAML value as a QVariant tree (maps, lists, strings); bounded in size. */
    std::optional<QVariant> anyValue(const YAML::Node &node, const QString &key);

private:
    bool convertAny(const YAML::Node &node, QVariant *out, int depth, int *budget);

    QString m_fileName;
    QList<ConfigDiagnostic> m_diagnostics;
};
