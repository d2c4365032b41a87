// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/JsonSchemaSubset.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace JsonSchemaSubset {
namespace {
const QSet<QString> TYPES {u"null"_s, u"boolean"_s, u"object"_s, u"array"_s, u"number"_s, u"integer"_s, u"string"_s};
const QSet<QString> ANNOTATIONS {u"$schema"_s, u"$id"_s, u"title"_s, u"description"_s, u"default"_s, u"examples"_s,
                                 u"$comment"_s};
const QSet<QString> NUMBER_KEYWORDS {u"minimum"_s, u"maximum"_s, u"exclusiveMinimum"_s, u"exclusiveMaximum"_s};
const QSet<QString> COUNT_KEYWORDS {u"minLength"_s, u"maxLength"_s, u"minItems"_s, u"maxItems"_s};

QString pointer(const QString &base, const QString &token)
{
    QString escaped = token;
    escaped.replace(u"~"_s, u"~0"_s).replace(u"/"_s, u"~1"_s);
    return base + u'/' + escaped;
}

QString at(const QString &path)
{
    return path.isEmpty() ? u"(root)"_s : path;
}

QString typeOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Double:
        return std::floor(v.toDouble()) == v.toDouble() && std::isfinite(v.toDouble()) ? u"integer"_s : u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    default:
        return u"undefined"_s;
    }
}

bool hasType(const QJsonValue &v, const QString &type)
{
    const QString actual = typeOf(v);
    return actual == type || (type == u"number" && actual == u"integer");
}

QString check(const QJsonValue &schema, const QString &path, int depth)
{
    if (depth > MAX_DEPTH)
        return u"%1: the schema nests deeper than %2 levels"_s.arg(at(path)).arg(MAX_DEPTH);
    if (schema.isBool())
        return {}; // true accepts anything, false nothing
    if (!schema.isObject())
        return u"%1: a schema must be an object or true/false"_s.arg(at(path));
    const QJsonObject o = schema.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        const QString here = pointer(path, key);
        if (ANNOTATIONS.contains(key) || key == u"const")
            continue;
        if (key == u"enum") {
            if (!v.isArray())
                return u"%1: enum must be a list"_s.arg(here);
        } else if (key == u"type") {
            const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray {v};
            for (const QJsonValue &t : list) {
                if (!TYPES.contains(t.toString()))
                    return u"%1: unknown type '%2' (use null, boolean, object, array, number, integer or string)"_s
                        .arg(here, t.toString());
            }
        } else if (key == u"required") {
            if (!v.isArray())
                return u"%1: required must be a list of property names"_s.arg(here);
            for (const QJsonValue &name : v.toArray()) {
                if (!name.isString())
                    return u"%1: required must be a list of property names"_s.arg(here);
            }
        } else if (key == u"properties") {
            if (!v.isObject())
                return u"%1: properties must map names to schemas"_s.arg(here);
            const QJsonObject props = v.toObject();
            for (auto p = props.begin(); p != props.end(); ++p) {
                if (QString e = check(p.value(), pointer(here, p.key()), depth + 1); !e.isEmpty())
                    return e;
            }
        } else if (key == u"items" || key == u"additionalProperties") {
            if (QString e = check(v, here, depth + 1); !e.isEmpty())
                return e;
        } else if (NUMBER_KEYWORDS.contains(key)) {
            if (!v.isDouble())
                return u"%1: %2 must be a number"_s.arg(here, key);
        } else if (COUNT_KEYWORDS.contains(key)) {
            if (!v.isDouble() || v.toDouble() < 0 || std::floor(v.toDouble()) != v.toDouble())
                return u"%1: %2 must be a whole number ≥ 0"_s.arg(here, key);
        } else if (key == u"pattern") {
            const QRegularExpression re(v.toString());
            if (!v.isString() || !re.isValid())
                return u"%1: pattern is not a valid regular expression (%2)"_s.arg(here, re.errorString());
        } else {
            return u"%1: keyword '%2' is not supported here (supported: type, required, properties, items, enum, "
                   u"const, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, minItems, "
                   u"maxItems, pattern, additionalProperties)"_s
                .arg(here, key);
        }
    }
    return {};
}

void validateAt(const QJsonValue &schema, const QJsonValue &v, const QString &path, int depth, QStringList &errors)
{
    const auto fail = [&](const QString &message) {
        if (errors.size() < MAX_ERRORS)
            errors.append(u"%1: %2"_s.arg(at(path), message));
    };
    if (errors.size() >= MAX_ERRORS)
        return;
    if (depth > MAX_DEPTH) {
        fail(u"nested deeper than %1 levels"_s.arg(MAX_DEPTH));
        return;
    }
    if (schema.isBool()) {
        if (!schema.toBool())
            fail(u"no value is allowed here"_s);
        return;
    }
    const QJsonObject s = schema.toObject();
    if (s.contains(u"type"_s)) {
        const QJsonValue t = s.value(u"type"_s);
        const QJsonArray list = t.isArray() ? t.toArray() : QJsonArray {t};
        bool any = false;
        QStringList names;
        for (const QJsonValue &name : list) {
            names.append(name.toString());
            any = any || hasType(v, name.toString());
        }
        if (!any) {
            fail(u"expected %1, got %2"_s.arg(names.join(u" or "_s), typeOf(v)));
            return; // the other keywords would only repeat the mismatch
        }
    }
    if (s.contains(u"const"_s) && s.value(u"const"_s) != v)
        fail(u"must be the constant %1"_s.arg(s.value(u"const"_s).toVariant().toString()));
    if (s.contains(u"enum"_s) && !s.value(u"enum"_s).toArray().contains(v)) {
        QStringList options;
        for (const QJsonValue &option : s.value(u"enum"_s).toArray())
            options.append(option.toVariant().toString());
        fail(u"must be one of %1"_s.arg(options.join(u", "_s)));
    }
    if (v.isDouble()) {
        const double x = v.toDouble();
        if (s.contains(u"minimum"_s) && x < s.value(u"minimum"_s).toDouble())
            fail(u"%1 is below the minimum %2"_s.arg(x).arg(s.value(u"minimum"_s).toDouble()));
        if (s.contains(u"maximum"_s) && x > s.value(u"maximum"_s).toDouble())
            fail(u"%1 is above the maximum %2"_s.arg(x).arg(s.value(u"maximum"_s).toDouble()));
        if (s.contains(u"exclusiveMinimum"_s) && x <= s.value(u"exclusiveMinimum"_s).toDouble())
            fail(u"%1 is not above %2"_s.arg(x).arg(s.value(u"exclusiveMinimum"_s).toDouble()));
        if (s.contains(u"exclusiveMaximum"_s) && x >= s.value(u"exclusiveMaximum"_s).toDouble())
            fail(u"%1 is not below %2"_s.arg(x).arg(s.value(u"exclusiveMaximum"_s).toDouble()));
    }
    if (v.isString()) {
        const QString text = v.toString();
        // Length in code points, as JSON Schema counts it.
        const qsizetype length = text.toUcs4().size();
        if (s.contains(u"minLength"_s) && length < s.value(u"minLength"_s).toInteger())
            fail(u"%1 characters, fewer than minLength %2"_s.arg(length).arg(s.value(u"minLength"_s).toInteger()));
        if (s.contains(u"maxLength"_s) && length > s.value(u"maxLength"_s).toInteger())
            fail(u"%1 characters, more than maxLength %2"_s.arg(length).arg(s.value(u"maxLength"_s).toInteger()));
        if (s.contains(u"pattern"_s)) {
            const QRegularExpression re(s.value(u"pattern"_s).toString());
            if (!re.match(text).hasMatch())
                fail(u"does not match the pattern %1"_s.arg(re.pattern()));
        }
    }
    if (v.isArray()) {
        const QJsonArray items = v.toArray();
        if (s.contains(u"minItems"_s) && items.size() < s.value(u"minItems"_s).toInteger())
            fail(u"%1 items, fewer than minItems %2"_s.arg(items.size()).arg(s.value(u"minItems"_s).toInteger()));
        if (s.contains(u"maxItems"_s) && items.size() > s.value(u"maxItems"_s).toInteger())
            fail(u"%1 items, more than maxItems %2"_s.arg(items.size()).arg(s.value(u"maxItems"_s).toInteger()));
        if (s.contains(u"items"_s)) {
            for (qsizetype i = 0; i < items.size(); ++i)
                validateAt(s.value(u"items"_s), items.at(i), pointer(path, QString::number(i)), depth + 1, errors);
        }
    }
    if (v.isObject()) {
        const QJsonObject object = v.toObject();
        for (const QJsonValue &name : s.value(u"required"_s).toArray()) {
            if (!object.contains(name.toString()))
                fail(u"the required property '%1' is missing"_s.arg(name.toString()));
        }
        const QJsonObject props = s.value(u"properties"_s).toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (props.contains(it.key()))
                validateAt(props.value(it.key()), it.value(), pointer(path, it.key()), depth + 1, errors);
            else if (s.contains(u"additionalProperties"_s)) {
                const QJsonValue extra = s.value(u"additionalProperties"_s);
                if (extra.isBool() && !extra.toBool())
                    fail(u"the property '%1' is not allowed"_s.arg(it.key()));
                else
                    validateAt(extra, it.value(), pointer(path, it.key()), depth + 1, errors);
            }
        }
    }
}
} // namespace

QString checkSchema(const QJsonValue &schema)
{
    return check(schema, {}, 0);
}

QStringList validate(const QJsonValue &schema, const QJsonValue &instance)
{
    QStringList errors;
    validateAt(schema, instance, {}, 0, errors);
    return errors;
}

} // namespace JsonSchemaSubset
