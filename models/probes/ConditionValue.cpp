// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ConditionValue.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr double MAX_EXACT_INTEGER = 9007199254740992.0; // 2^53
constexpr qsizetype MAX_INDEX_DIGITS = 9;

struct DurationUnit
{
    QStringView suffix;
    double milliseconds;
};

// Longest suffix first so that "ms" is not read as "m".
constexpr DurationUnit DURATION_UNITS[] = {
    {u"ms", 1.0}, {u"s", 1000.0}, {u"m", 60'000.0}, {u"h", 3'600'000.0}, {u"d", 86'400'000.0},
};

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

/** Accepts [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? over the whole text. */
bool looksLikeDecimal(QStringView text, bool allowSignAndExponent)
{
    qsizetype i = 0;
    const qsizetype n = text.size();
    if (allowSignAndExponent && i < n && (text[i] == u'+' || text[i] == u'-'))
        ++i;
    qsizetype mantissaDigits = 0;
    while (i < n && isAsciiDigit(text[i])) {
        ++i;
        ++mantissaDigits;
    }
    if (i < n && text[i] == u'.') {
        ++i;
        while (i < n && isAsciiDigit(text[i])) {
            ++i;
            ++mantissaDigits;
        }
    }
    if (mantissaDigits == 0)
        return false;
    if (allowSignAndExponent && i < n && (text[i] == u'e' || text[i] == u'E')) {
        ++i;
        if (i < n && (text[i] == u'+' || text[i] == u'-'))
            ++i;
        qsizetype exponentDigits = 0;
        while (i < n && isAsciiDigit(text[i])) {
            ++i;
            ++exponentDigits;
        }
        if (exponentDigits == 0)
            return false;
    }
    return i == n;
}

std::optional<double> toFiniteDouble(QStringView text)
{
    bool ok = false;
    const double value = QLocale::c().toDouble(text, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}
} // namespace

ConditionValue ConditionValue::fromBool(bool value)
{
    ConditionValue v;
    v.m_kind = Kind::Bool;
    v.m_bool = value;
    return v;
}

ConditionValue ConditionValue::fromNumber(double value)
{
    ConditionValue v;
    v.m_kind = Kind::Number;
    v.m_number = value;
    return v;
}

ConditionValue ConditionValue::fromString(const QString &value)
{
    ConditionValue v;
    v.m_kind = Kind::String;
    v.m_string = value;
    return v;
}

ConditionValue ConditionValue::fromDurationMs(double milliseconds)
{
    ConditionValue v;
    v.m_kind = Kind::Duration;
    v.m_number = milliseconds;
    return v;
}

ConditionValue ConditionValue::fromJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool: return fromBool(value.toBool());
    case QJsonValue::Double: return fromNumber(value.toDouble());
    case QJsonValue::String: return fromString(value.toString());
    case QJsonValue::Array:
    case QJsonValue::Object: {
        ConditionValue v;
        v.m_kind = Kind::Json;
        v.m_json = value;
        return v;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined: break;
    }
    return ConditionValue();
}

std::optional<ConditionValue> ConditionValue::fromVariant(const QVariant &value)
{
    if (!value.isValid())
        return std::nullopt;
    const QMetaType type = value.metaType();
    if (type == QMetaType::fromType<ConditionValue>())
        return value.value<ConditionValue>();
    switch (type.id()) {
    case QMetaType::Bool: return fromBool(value.toBool());
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Float:
    case QMetaType::Double: return fromNumber(value.toDouble());
    case QMetaType::QString: return fromString(value.toString());
    case QMetaType::QByteArray: return fromString(QString::fromUtf8(value.toByteArray()));
    case QMetaType::QDateTime: return fromString(value.toDateTime().toString(Qt::ISODateWithMs));
    case QMetaType::Nullptr: return ConditionValue();
    case QMetaType::QJsonValue: return fromJson(value.toJsonValue());
    case QMetaType::QJsonObject: return fromJson(QJsonValue(value.toJsonObject()));
    case QMetaType::QJsonArray: return fromJson(QJsonValue(value.toJsonArray()));
    case QMetaType::QJsonDocument: {
        const QJsonDocument document = value.toJsonDocument();
        return fromJson(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()));
    }
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
    case QMetaType::QVariantList:
    case QMetaType::QStringList: return fromJson(QJsonValue::fromVariant(value));
    default: break;
    }
    return std::nullopt;
}

std::optional<ConditionValue> ConditionValue::followJsonPath(const QJsonValue &root, const QStringList &path)
{
    QJsonValue current = root;
    for (const QString &segment : path) {
        if (const std::optional<qsizetype> index = indexOfSegment(segment)) {
            if (!current.isArray())
                return std::nullopt;
            const QJsonArray array = current.toArray();
            if (*index >= array.size())
                return std::nullopt;
            current = array.at(*index);
        } else {
            if (!current.isObject())
                return std::nullopt;
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(segment);
            if (it == object.constEnd())
                return std::nullopt;
            current = it.value();
        }
    }
    return fromJson(current);
}

std::optional<ConditionValue> ConditionValue::at(const QStringList &path) const
{
    if (path.isEmpty())
        return *this;
    if (m_kind != Kind::Json)
        return std::nullopt;
    return followJsonPath(m_json, path);
}

bool ConditionValue::isIndexSegment(const QString &segment)
{
    return indexOfSegment(segment).has_value();
}

std::optional<qsizetype> ConditionValue::indexOfSegment(const QString &segment)
{
    const qsizetype digits = segment.size() - 2;
    if (digits < 1 || digits > MAX_INDEX_DIGITS || !segment.startsWith(u'[') || !segment.endsWith(u']'))
        return std::nullopt;
    qsizetype index = 0;
    for (qsizetype i = 1; i <= digits; ++i) {
        if (!isAsciiDigit(segment[i]))
            return std::nullopt;
        index = index * 10 + (segment[i].unicode() - u'0');
    }
    return index;
}

QString ConditionValue::indexSegment(qsizetype index)
{
    return u"["_s + QString::number(index) + u"]"_s;
}

std::optional<double> ConditionValue::parseDurationMs(const QString &text)
{
    for (const DurationUnit &unit : DURATION_UNITS) {
        if (!text.endsWith(unit.suffix))
            continue;
        const QStringView amount = QStringView(text).chopped(unit.suffix.size());
        if (!looksLikeDecimal(amount, false))
            return std::nullopt;
        const std::optional<double> value = toFiniteDouble(amount);
        if (!value)
            return std::nullopt;
        return *value * unit.milliseconds;
    }
    return std::nullopt;
}

std::optional<double> ConditionValue::parseNumber(const QString &text)
{
    if (!looksLikeDecimal(text, true))
        return std::nullopt;
    return toFiniteDouble(text);
}

QString ConditionValue::numberText(double value)
{
    if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) <= MAX_EXACT_INTEGER)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString ConditionValue::durationText(double milliseconds)
{
    if (!std::isfinite(milliseconds) || std::fabs(milliseconds) > MAX_EXACT_INTEGER
        || std::trunc(milliseconds) != milliseconds)
        return numberText(milliseconds) + u"ms"_s;
    if (milliseconds == 0)
        return u"0ms"_s;
    const QString sign = milliseconds < 0 ? u"-"_s : QString();
    auto rest = static_cast<qint64>(std::fabs(milliseconds));
    QStringList parts;
    // Largest unit first: 2h 5m rather than 125m.
    for (auto it = std::rbegin(DURATION_UNITS); it != std::rend(DURATION_UNITS); ++it) {
        const auto unitMs = static_cast<qint64>(it->milliseconds);
        const qint64 count = rest / unitMs;
        if (count > 0)
            parts.append(QString::number(count) + it->suffix.toString());
        rest %= unitMs;
    }
    return sign + parts.join(u' ');
}

QString ConditionValue::toText() const
{
    switch (m_kind) {
    case Kind::Null: return u"null"_s;
    case Kind::Bool: return m_bool ? u"true"_s : u"false"_s;
    case Kind::Number: return numberText(m_number);
    case Kind::String: return m_string;
    case Kind::Duration: return durationText(m_number);
    case Kind::Json: {
        const QJsonDocument document = m_json.isArray() ? QJsonDocument(m_json.toArray())
                                                        : QJsonDocument(m_json.toObject());
        return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
    }
    }
    return QString();
}

std::optional<double> ConditionValue::toNumber() const
{
    switch (m_kind) {
    case Kind::Number:
    case Kind::Duration: return m_number;
    case Kind::String: return parseNumber(m_string.trimmed());
    case Kind::Null:
    case Kind::Bool:
    case Kind::Json: break;
    }
    return std::nullopt;
}

qsizetype ConditionValue::length() const
{
    switch (m_kind) {
    case Kind::Null: return 0;
    case Kind::String: return m_string.size();
    case Kind::Json: return m_json.isArray() ? m_json.toArray().size() : m_json.toObject().size();
    case Kind::Bool:
    case Kind::Number:
    case Kind::Duration: break;
    }
    return toText().size();
}

bool ConditionValue::operator==(const ConditionValue &other) const
{
    if (m_kind != other.m_kind)
        return false;
    switch (m_kind) {
    case Kind::Null: return true;
    case Kind::Bool: return m_bool == other.m_bool;
    case Kind::Number:
    case Kind::Duration: return m_number == other.m_number;
    case Kind::String: return m_string == other.m_string;
    case Kind::Json: return m_json == other.m_json;
    }
    return false;
}
