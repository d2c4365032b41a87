// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

/**
 * A YAML value to write into liftoff.yaml: a scalar (kept as text, so `500` and `env:KEY` round
 * trip unchanged), a sequence or an ordered mapping. flow asks for `[a, b]` / `{k: v}` style.
 */
struct ConfigValue
{
    enum class Kind { Scalar, Sequence, Mapping };
    using Entry = std::pair<QString, ConfigValue>;

    Kind kind = Kind::Scalar;
    QString scalar;
    QList<ConfigValue> items;
    QList<Entry> entries;
    bool flow = false;

    static ConfigValue text(const QString &value);
    /** A flow sequence of scalars, the style the spec uses for argv and lists of names. */
    static ConfigValue strings(const QStringList &values);
    static ConfigValue sequence(const QList<ConfigValue> &values, bool flow = false);
    static ConfigValue mapping(const QList<Entry> &entries, bool flow = false);

    bool isScalar() const { return kind == Kind::Scalar; }
    bool isMapping() const { return kind == Kind::Mapping; }
    bool isSequence() const { return kind == Kind::Sequence; }
    bool isEmptyCollection() const { return !isScalar() && items.isEmpty() && entries.isEmpty(); }
    const ConfigValue *find(const QString &key) const;
    /** Replaces key's value, or appends key. */
    void set(const QString &key, const ConfigValue &value);
    void remove(const QString &key);
    /** Scalars of a sequence (non-scalar items are skipped); a lone scalar as one item. */
    QStringList toStrings() const;

    bool operator==(const ConfigValue &other) const = default;
};
