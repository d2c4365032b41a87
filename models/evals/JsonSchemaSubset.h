// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

/**
 * A JSON Schema (draft 2020-12) validator for the subset eval cases use: type (one or a list:
 * null, boolean, object, array, number, integer, string), required, properties, items, enum, const,
 * minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, minItems, maxItems,
 * pattern and additionalProperties (false or a schema). Annotations ($schema, $id, title,
 * description, default, examples) are ignored. Any other keyword is refused by checkSchema, so a
 * case never silently skips a rule it asked for. Pure and bounded in depth.
 */
namespace JsonSchemaSubset {

/** Nesting deeper than this (in schema or instance) is an error, not a stack overflow. */
constexpr int MAX_DEPTH = 64;
/** validate() stops collecting after this many errors. */
constexpr int MAX_ERRORS = 10;

/** Empty when the schema uses only the subset correctly; otherwise what is wrong and where ("/properties/id: ..."). */
QString checkSchema(const QJsonValue &schema);
/** Every violation (at most MAX_ERRORS), each with the JSON pointer of the instance ("/order_id: expected string, got number"). */
QStringList validate(const QJsonValue &schema, const QJsonValue &instance);

} // namespace JsonSchemaSubset
