// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

/**
 * One typed value of the condition language: what a literal in an expression means, or what a
 * placeholder resolves to. A pure value; durations are kept in milliseconds.
 */
class ConditionValue
{
public:
    enum class Kind {
        Null,     ///< JSON null
        Bool,
        Number,   ///< a double; integers up to 2^53 are exact
        String,
        Duration, ///< milliseconds
        Json,     ///< a JSON array or object
    };

    ConditionValue() = default; ///< Null
    static ConditionValue fromBool(bool value);
    static ConditionValue fromNumber(double value);
    static ConditionValue fromString(const QString &value);
    static ConditionValue fromDurationMs(double milliseconds);
    /** Maps a JSON value to its kind: strings stay strings, arrays and objects become Json. */
    static ConditionValue fromJson(const QJsonValue &value);
    /**
     * Maps a QVariant: a stored ConditionValue as is, bool, numbers, strings, QJsonValue/Object/Array,
     * QVariantMap/QVariantList (as JSON). std::nullopt for an invalid QVariant or an unsupported type.
     */
    static std::optional<ConditionValue> fromVariant(const QVariant &value);

    /** Follows a path ("key" or "[n]" segments) into a JSON value; std::nullopt when a step is missing. */
    static std::optional<ConditionValue> followJsonPath(const QJsonValue &root, const QStringList &path);
    /** Follows a path into this value (only Json values have children; an empty path is the value). */
    std::optional<ConditionValue> at(const QStringList &path) const;

    /** True for a path segment written "[n]", which indexes an array; indexOfSegment() gives n. */
    static bool isIndexSegment(const QString &segment);
    static std::optional<qsizetype> indexOfSegment(const QString &segment);
    static QString indexSegment(qsizetype index);

    /** Parses a duration literal: 500ms, 5s, 2m, 1h, 14d (fractions allowed: 1.5s). */
    static std::optional<double> parseDurationMs(const QString &text);
    /** Parses a plain decimal number (123, -4.5, 1e3); no hex, no inf/nan, no surrounding spaces. */
    static std::optional<double> parseNumber(const QString &text);
    /** The shortest exact text of a number: 200, 0.25, -3, 1e+21. */
    static QString numberText(double value);
    /** A duration as its units: 850ms, 5s, 30d, 2h 5m, -3d. */
    static QString durationText(double milliseconds);

    Kind kind() const { return m_kind; }
    bool boolValue() const { return m_bool; }
    double numberValue() const { return m_number; } ///< for Number, and for Duration in milliseconds
    QString stringValue() const { return m_string; }
    QJsonValue jsonValue() const { return m_json; }

    /** The value as text: strings raw, numbers shortest, booleans true/false, JSON compact. */
    QString toText() const;
    /** The number this value stands for when compared with a number: numbers, durations, numeric strings. */
    std::optional<double> toNumber() const;
    /** The length len() reports: characters of a string, elements of an array or object. */
    qsizetype length() const;

    bool operator==(const ConditionValue &other) const;

private:
    Kind m_kind = Kind::Null;
    bool m_bool = false;
    double m_number = 0;
    QString m_string;
    QJsonValue m_json;
};

Q_DECLARE_METATYPE(ConditionValue)
