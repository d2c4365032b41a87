// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalDatasetParser.h"

#include "config/Duration.h"
#include "config/NearestName.h"
#include "evals/JsonSchemaSubset.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

#include <cmath>

using namespace Qt::StringLiterals;

namespace EvalDatasetParser {
namespace {
const QStringList CASE_KEYS {u"id"_s, u"input"_s, u"assert"_s, u"description"_s};

/** Collects diagnostics for one file, up to MAX_ERRORS. */
struct Errors
{
    QString file;
    QList<ConfigDiagnostic> *list;
    void add(int line, int column, const QString &message)
    {
        if (list->size() < MAX_ERRORS)
            list->append({file, line, column, message});
        else if (list->size() == MAX_ERRORS)
            list->append({file, 0, 0, u"more errors not shown"_s});
    }
};

QString suggestion(const QString &key, const QStringList &known)
{
    const QString nearest = NearestName::find(key, known);
    return nearest.isEmpty() ? QString() : u"; did you mean `%1`?"_s.arg(nearest);
}

/** A YAML node as JSON: plain scalars become numbers, booleans and null where they read so; quoted ones stay strings. */
QJsonValue toJson(const YAML::Node &node, int depth = 0)
{
    if (depth > JsonSchemaSubset::MAX_DEPTH || !node.IsDefined() || node.IsNull())
        return QJsonValue::Null;
    if (node.IsSequence()) {
        QJsonArray array;
        for (const YAML::Node &item : node)
            array.append(toJson(item, depth + 1));
        return array;
    }
    if (node.IsMap()) {
        QJsonObject object;
        for (const auto &pair : node)
            object.insert(QString::fromStdString(pair.first.Scalar()), toJson(pair.second, depth + 1));
        return object;
    }
    const QString text = QString::fromStdString(node.Scalar());
    if (node.Tag() == "!")
        return text; // quoted
    if (text == u"true" || text == u"false")
        return text == u"true";
    if (text == u"null" || text == u"~")
        return QJsonValue::Null;
    bool isNumber = false;
    const double number = text.toDouble(&isNumber);
    if (isNumber && std::isfinite(number))
        return number;
    return text;
}

/**
 * One assertion from its key and value (already JSON). line/column point at the assertion, so
 * every message about it names that place.
 */
std::optional<EvalAssertion> parseAssertion(const QString &key, const QJsonValue &value, int line, int column,
                                            Errors &errors)
{
    const std::optional<EvalAssertion::Kind> kind = EvalAssertion::kindFromName(key);
    if (!kind) {
        errors.add(line, column, u"unknown assertion `%1`%2 (known: %3)"_s.arg(
                                     key, suggestion(key, EvalAssertion::kindNames()),
                                     EvalAssertion::kindNames().join(u", "_s)));
        return std::nullopt;
    }
    EvalAssertion a;
    a.kind = *kind;
    a.line = line;
    a.column = column;
    switch (*kind) {
    case EvalAssertion::Kind::Contains:
    case EvalAssertion::Kind::NotContains:
    case EvalAssertion::Kind::IContains:
    case EvalAssertion::Kind::Equals:
    case EvalAssertion::Kind::StartsWith:
    case EvalAssertion::Kind::Regex:
        if (!value.isString() && !value.isDouble()) {
            errors.add(line, column, u"`%1` needs a text"_s.arg(key));
            return std::nullopt;
        }
        a.text = value.isString() ? value.toString() : value.toVariant().toString();
        if (a.text.isEmpty() && *kind != EvalAssertion::Kind::Equals) {
            errors.add(line, column, u"`%1` needs a non-empty text"_s.arg(key));
            return std::nullopt;
        }
        if (*kind == EvalAssertion::Kind::Regex) {
            const QRegularExpression re(a.text);
            if (!re.isValid()) {
                errors.add(line, column, u"`regex` is not a valid regular expression: %1 at offset %2"_s.arg(
                                             re.errorString()).arg(re.patternErrorOffset()));
                return std::nullopt;
            }
        }
        return a;
    case EvalAssertion::Kind::IsJson:
        if (!value.isNull() && !(value.isBool() && value.toBool())) {
            errors.add(line, column, u"`is_json` takes no value (or true)"_s);
            return std::nullopt;
        }
        return a;
    case EvalAssertion::Kind::JsonSchema: {
        if (!value.isObject() && !value.isBool()) {
            errors.add(line, column, u"`json_schema` needs a schema (a map such as {type: object})"_s);
            return std::nullopt;
        }
        const QString problem = JsonSchemaSubset::checkSchema(value);
        if (!problem.isEmpty()) {
            errors.add(line, column, u"`json_schema`: %1"_s.arg(problem));
            return std::nullopt;
        }
        a.schema = value;
        return a;
    }
    case EvalAssertion::Kind::MaxLatency: {
        if (value.isDouble() && value.toDouble() >= 0) {
            a.number = value.toDouble();
            return a;
        }
        const std::optional<Duration> d = Duration::parse(value.toString());
        if (!value.isString() || !d) {
            errors.add(line, column, u"`max_latency` needs a duration such as 500ms or 4s"_s);
            return std::nullopt;
        }
        a.number = double(d->ms);
        return a;
    }
    case EvalAssertion::Kind::MaxTokens:
        if (!value.isDouble() || value.toDouble() < 0 || std::floor(value.toDouble()) != value.toDouble()) {
            errors.add(line, column, u"`max_tokens` needs a whole number ≥ 0"_s);
            return std::nullopt;
        }
        a.number = value.toDouble();
        return a;
    case EvalAssertion::Kind::MaxCost:
        if (!value.isDouble() || value.toDouble() < 0) {
            errors.add(line, column, u"`max_cost` needs an amount in USD ≥ 0"_s);
            return std::nullopt;
        }
        a.number = value.toDouble();
        return a;
    }
    return std::nullopt;
}

/** The checks every case needs whatever its format: an id (unique), an input, at least one assertion. */
void checkCase(const EvalCase &c, bool hasId, bool hasInput, bool hasAssert, int line, int column,
               QSet<QString> &ids, Errors &errors)
{
    if (!hasId)
        errors.add(line, column, u"the case has no `id`"_s);
    else if (ids.contains(c.id))
        errors.add(line, column, u"the id `%1` is used by an earlier case; ids must be unique"_s.arg(c.id));
    if (!hasInput)
        errors.add(line, column, u"the case `%1` has no `input`"_s.arg(c.id));
    if (!hasAssert)
        errors.add(line, column, u"the case `%1` has no `assert` list"_s.arg(c.id));
    ids.insert(c.id);
}

int lineOf(const YAML::Node &node)
{
    return node.Mark().line + 1;
}
int columnOf(const YAML::Node &node)
{
    return node.Mark().column + 1;
}
} // namespace

EvalDataset parseFile(const QString &path, const QString &baseDir)
{
    const QString full = QDir::isRelativePath(path) && !baseDir.isEmpty() ? QDir(baseDir).filePath(path) : path;
    EvalDataset dataset;
    dataset.path = path;
    QFile file(full);
    if (!file.open(QIODevice::ReadOnly)) {
        dataset.errors.append({path, 0, 0, u"cannot read the eval set: %1"_s.arg(file.errorString())});
        return dataset;
    }
    if (file.size() > MAX_FILE_BYTES) {
        dataset.errors.append({path, 0, 0, u"the eval set is %1 bytes, over the limit of %2"_s.arg(file.size())
                                               .arg(MAX_FILE_BYTES)});
        return dataset;
    }
    const QByteArray bytes = file.read(MAX_FILE_BYTES);
    EvalDataset parsed = path.endsWith(u".jsonl"_s, Qt::CaseInsensitive) ? parseJsonl(bytes, path)
                                                                          : parseYaml(bytes, path);
    return parsed;
}

EvalDataset parseYaml(const QByteArray &yaml, const QString &fileName)
{
    EvalDataset dataset;
    dataset.path = fileName;
    Errors errors {fileName, &dataset.errors};
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml.constData(), size_t(yaml.size())));
    } catch (const YAML::Exception &e) {
        errors.add(e.mark.line + 1, e.mark.column + 1, u"invalid YAML: %1"_s.arg(QString::fromStdString(e.msg)));
        return dataset;
    }
    if (!root.IsDefined() || root.IsNull()) {
        errors.add(0, 0, u"the eval set is empty; expected a list of cases (- id: …, input: …, assert: […])"_s);
        return dataset;
    }
    if (!root.IsSequence()) {
        errors.add(lineOf(root), columnOf(root), u"expected a list of cases (- id: …, input: …, assert: […])"_s);
        return dataset;
    }
    if (root.size() > size_t(MAX_CASES)) {
        errors.add(lineOf(root), columnOf(root), u"more than %1 cases"_s.arg(MAX_CASES));
        return dataset;
    }
    QSet<QString> ids;
    for (const YAML::Node &node : root) {
        if (!node.IsMap()) {
            errors.add(lineOf(node), columnOf(node), u"expected a case (a map with id, input and assert)"_s);
            continue;
        }
        EvalCase c;
        c.line = lineOf(node);
        bool hasId = false, hasInput = false, hasAssert = false;
        for (const auto &pair : node) {
            const QString key = QString::fromStdString(pair.first.Scalar());
            const YAML::Node &value = pair.second;
            if (!CASE_KEYS.contains(key)) {
                errors.add(lineOf(pair.first), columnOf(pair.first),
                           u"unknown key `%1` in a case%2"_s.arg(key, suggestion(key, CASE_KEYS)));
                continue;
            }
            if (key == u"id" || key == u"input" || key == u"description") {
                if (!value.IsScalar() || (key != u"description" && value.Scalar().empty())) {
                    errors.add(lineOf(value), columnOf(value), u"`%1` needs a text"_s.arg(key));
                    continue;
                }
                if (key == u"id") {
                    c.id = QString::fromStdString(value.Scalar());
                    hasId = true;
                } else if (key == u"input") {
                    c.input = QString::fromStdString(value.Scalar());
                    hasInput = true;
                }
                continue;
            }
            // assert
            if (!value.IsSequence()) {
                errors.add(lineOf(value), columnOf(value), u"`assert` needs a list of assertions (- contains: …)"_s);
                continue;
            }
            hasAssert = true;
            for (const YAML::Node &item : value) {
                if (item.IsScalar()) {
                    // A bare word: `- is_json`.
                    if (auto a = parseAssertion(QString::fromStdString(item.Scalar()), QJsonValue::Null, lineOf(item),
                                                columnOf(item), errors))
                        c.assertions.append(*a);
                    continue;
                }
                if (!item.IsMap() || item.size() != 1) {
                    errors.add(lineOf(item), columnOf(item),
                               u"expected one assertion per list entry, such as `- contains: \"30 days\"`"_s);
                    continue;
                }
                const auto entry = *item.begin();
                if (auto a = parseAssertion(QString::fromStdString(entry.first.Scalar()), toJson(entry.second),
                                            lineOf(entry.first), columnOf(entry.first), errors))
                    c.assertions.append(*a);
            }
            if (value.size() == 0)
                errors.add(lineOf(value), columnOf(value), u"`assert` is empty; a case needs at least one assertion"_s);
        }
        checkCase(c, hasId, hasInput, hasAssert, c.line, columnOf(node), ids, errors);
        dataset.cases.append(c);
    }
    if (!dataset.ok())
        dataset.cases.clear();
    return dataset;
}

EvalDataset parseJsonl(const QByteArray &jsonl, const QString &fileName)
{
    EvalDataset dataset;
    dataset.path = fileName;
    Errors errors {fileName, &dataset.errors};
    QSet<QString> ids;
    const QList<QByteArray> lines = jsonl.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int line = int(i + 1);
        const QByteArray text = lines.at(i).trimmed();
        if (text.isEmpty())
            continue;
        if (dataset.cases.size() >= MAX_CASES) {
            errors.add(line, 1, u"more than %1 cases"_s.arg(MAX_CASES));
            break;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
        // Column of the parser's offset within the untrimmed line.
        const int lead = int(lines.at(i).indexOf(text.left(1)));
        if (parseError.error != QJsonParseError::NoError) {
            errors.add(line, lead + parseError.offset + 1, u"invalid JSON: %1"_s.arg(parseError.errorString()));
            continue;
        }
        if (!document.isObject()) {
            errors.add(line, lead + 1, u"expected a case object {\"id\": …, \"input\": …, \"assert\": […]}"_s);
            continue;
        }
        const QJsonObject o = document.object();
        EvalCase c;
        c.line = line;
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!CASE_KEYS.contains(it.key()))
                errors.add(line, lead + 1, u"unknown key `%1` in a case%2"_s.arg(it.key(), suggestion(it.key(), CASE_KEYS)));
        }
        const bool hasId = o.value(u"id"_s).isString() && !o.value(u"id"_s).toString().isEmpty();
        const bool hasInput = o.value(u"input"_s).isString() && !o.value(u"input"_s).toString().isEmpty();
        c.id = o.value(u"id"_s).toString();
        c.input = o.value(u"input"_s).toString();
        const QJsonValue assertions = o.value(u"assert"_s);
        const bool hasAssert = assertions.isArray();
        for (const QJsonValue &item : assertions.toArray()) {
            if (item.isString()) {
                if (auto a = parseAssertion(item.toString(), QJsonValue::Null, line, lead + 1, errors))
                    c.assertions.append(*a);
                continue;
            }
            const QJsonObject entry = item.toObject();
            if (!item.isObject() || entry.size() != 1) {
                errors.add(line, lead + 1, u"expected one assertion per entry, such as {\"contains\": \"30 days\"}"_s);
                continue;
            }
            if (auto a = parseAssertion(entry.begin().key(), entry.begin().value(), line, lead + 1, errors))
                c.assertions.append(*a);
        }
        if (hasAssert && assertions.toArray().isEmpty())
            errors.add(line, lead + 1, u"`assert` is empty; a case needs at least one assertion"_s);
        checkCase(c, hasId, hasInput, hasAssert, line, lead + 1, ids, errors);
        dataset.cases.append(c);
    }
    if (dataset.cases.isEmpty() && dataset.errors.isEmpty())
        errors.add(0, 0, u"the eval set holds no cases"_s);
    if (!dataset.ok())
        dataset.cases.clear();
    return dataset;
}

} // namespace EvalDatasetParser
