// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/YamlValueReader.h"

#include "config/Duration.h"
#include "config/NearestName.h"
#include "config/Placeholders.h"

#include <QUrl>
#include <QVariantList>
#include <QVariantMap>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {
// Scalars longer than this are never echoed whole: a pasted key is always longer.
constexpr qsizetype MAX_ECHO_LENGTH = 32;
constexpr int MAX_ANY_DEPTH = 32;
constexpr int MAX_ANY_NODES = 10000;

QString toQString(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

bool isPlain(const YAML::Node &node)
{
    // yaml-cpp tags plain scalars "?" and quoted ones "!".
    return node.Tag() == "?";
}

bool looksSensitiveHeader(const QString &name)
{
    const QString lower = name.toLower();
    static const QStringList words {u"authorization"_s, u"cookie"_s, u"token"_s, u"secret"_s,
                                    u"password"_s, u"key"_s, u"auth"_s};
    for (const QString &word : words) {
        if (lower.contains(word))
            return true;
    }
    return false;
}
} // namespace

YamlValueReader::YamlValueReader(const QString &fileName)
    : m_fileName(fileName)
{
}

void YamlValueReader::error(const YAML::Node &at, const QString &message)
{
    error(at.IsDefined() ? at.Mark() : YAML::Mark::null_mark(), message);
}

void YamlValueReader::error(const YAML::Mark &mark, const QString &message)
{
    ConfigDiagnostic diagnostic;
    diagnostic.file = m_fileName;
    diagnostic.line = mark.is_null() ? 1 : mark.line + 1;
    diagnostic.column = mark.is_null() ? 1 : mark.column + 1;
    diagnostic.message = message;
    m_diagnostics.append(diagnostic);
}

ConfigLocation YamlValueReader::location(const YAML::Node &node) const
{
    const YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
    return ConfigLocation {m_fileName, mark.is_null() ? 1 : mark.line + 1, mark.is_null() ? 1 : mark.column + 1};
}

QString YamlValueReader::quoted(const QString &text)
{
    if (text.size() <= MAX_ECHO_LENGTH)
        return u'`' + text + u'`';
    return u"a %1-character value (%2)"_s.arg(text.size()).arg(SecretRef::redactedHint(text));
}

QString YamlValueReader::describe(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map: return u"a mapping"_s;
    case YAML::NodeType::Sequence: return u"a list"_s;
    case YAML::NodeType::Scalar: return quoted(toQString(node.Scalar()));
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return u"nothing"_s;
    }
    return {};
}

std::optional<YamlMap> YamlValueReader::freeMap(const YAML::Node &node, const QString &context)
{
    if (!node.IsMap()) {
        error(node, u"%1 expects a mapping, got %2"_s.arg(context, describe(node)));
        return std::nullopt;
    }
    YamlMap result;
    result.node = node;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar()) {
            error(key, u"keys in %1 must be plain names, got %2"_s.arg(context, describe(key)));
            continue;
        }
        const QString name = toQString(key.Scalar());
        if (const YamlMap::Entry *first = result.find(name)) {
            error(key, u"duplicate key %1 in %2 (first at line %3)"_s.arg(quoted(name), context)
                           .arg(first->keyNode.Mark().line + 1));
            continue;
        }
        result.entries.append(YamlMap::Entry {name, key, it->second});
    }
    return result;
}

std::optional<YamlMap> YamlValueReader::map(const YAML::Node &node, const QString &context,
                                            const QStringList &knownKeys)
{
    std::optional<YamlMap> result = freeMap(node, context);
    if (!result)
        return std::nullopt;
    QList<YamlMap::Entry> known;
    for (const YamlMap::Entry &entry : std::as_const(result->entries)) {
        if (knownKeys.contains(entry.key)) {
            known.append(entry);
            continue;
        }
        const QString suggestion = NearestName::find(entry.key, knownKeys);
        if (!suggestion.isEmpty())
            error(entry.keyNode, u"unknown key %1 in %2; did you mean `%3`?"_s.arg(quoted(entry.key), context, suggestion));
        else
            error(entry.keyNode, u"unknown key %1 in %2; expected one of: %3"_s.arg(quoted(entry.key), context,
                                                                                    knownKeys.join(u", "_s)));
    }
    result->entries = known;
    return result;
}

void YamlValueReader::missing(const YamlMap &map, const QString &key, const QString &context)
{
    error(map.node, u"missing `%1` in %2"_s.arg(key, context));
}

std::optional<QString> YamlValueReader::string(const YAML::Node &node, const QString &key)
{
    if (!node.IsScalar()) {
        error(node, u"`%1` expects a string, got %2"_s.arg(key, describe(node)));
        return std::nullopt;
    }
    return toQString(node.Scalar());
}

std::optional<QString> YamlValueReader::nonEmptyString(const YAML::Node &node, const QString &key)
{
    std::optional<QString> text = string(node, key);
    if (text && text->trimmed().isEmpty()) {
        error(node, u"`%1` expects a non-empty string"_s.arg(key));
        return std::nullopt;
    }
    return text;
}

std::optional<qint64> YamlValueReader::integer(const YAML::Node &node, const QString &key, qint64 min, qint64 max)
{
    bool ok = false;
    qint64 value = 0;
    if (node.IsScalar() && isPlain(node))
        value = toQString(node.Scalar()).toLongLong(&ok);
    if (!ok) {
        error(node, u"`%1` expects a whole number, got %2"_s.arg(key, describe(node)));
        return std::nullopt;
    }
    if (value < min || value > max) {
        error(node, u"`%1` expects a whole number from %2 to %3, got %4"_s.arg(key).arg(min).arg(max).arg(value));
        return std::nullopt;
    }
    return value;
}

std::optional<double> YamlValueReader::number(const YAML::Node &node, const QString &key, double min, double max)
{
    bool ok = false;
    double value = 0;
    if (node.IsScalar() && isPlain(node))
        value = toQString(node.Scalar()).toDouble(&ok);
    if (!ok || !std::isfinite(value)) {
        error(node, u"`%1` expects a number, got %2"_s.arg(key, describe(node)));
        return std::nullopt;
    }
    if (value < min || value > max) {
        error(node, u"`%1` expects a number from %2 to %3, got %4"_s.arg(key).arg(min).arg(max).arg(value));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> YamlValueReader::boolean(const YAML::Node &node, const QString &key)
{
    if (node.IsScalar() && isPlain(node)) {
        const QString text = toQString(node.Scalar());
        if (text == u"true")
            return true;
        if (text == u"false")
            return false;
    }
    error(node, u"`%1` expects true or false, got %2"_s.arg(key, describe(node)));
    return std::nullopt;
}

std::optional<qint64> YamlValueReader::durationMs(const YAML::Node &node, const QString &key, bool allowZero)
{
    std::optional<Duration> duration;
    if (node.IsScalar())
        duration = Duration::parse(toQString(node.Scalar()));
    if (!duration) {
        error(node, u"`%1` expects a duration such as 500ms, 5s, 2m, 1h or 14d, got %2"_s.arg(key, describe(node)));
        return std::nullopt;
    }
    if (duration->ms == 0 && !allowZero) {
        error(node, u"`%1` expects a duration longer than zero"_s.arg(key));
        return std::nullopt;
    }
    return duration->ms;
}

std::optional<SecretRef> YamlValueReader::secretRef(const YAML::Node &node, const QString &key)
{
    if (!node.IsScalar()) {
        error(node, u"`%1` expects a secret reference (env:NAME or keychain:NAME), got %2"_s.arg(key, describe(node)));
        return std::nullopt;
    }
    const QString text = toQString(node.Scalar());
    if (std::optional<SecretRef> ref = SecretRef::parse(text))
        return ref;
    if (SecretRef::hasReferencePrefix(text)) {
        // The part after the prefix may itself be a pasted value: never show it.
        error(node, u"`%1` has an invalid secret reference: NAME must start with a letter or `_` and hold only "
                    u"letters, digits, `_`, `.` and `-`"_s.arg(key));
        return std::nullopt;
    }
    if (text.isEmpty()) {
        error(node, u"`%1` expects a secret reference (env:NAME or keychain:NAME), got an empty string"_s.arg(key));
        return std::nullopt;
    }
    error(node, u"`%1`: a value that looks like a pasted secret (%2) where a secret reference is expected; write "
                u"env:NAME or keychain:NAME"_s.arg(key, SecretRef::redactedHint(text)));
    return std::nullopt;
}

std::optional<SecretOrText> YamlValueReader::headerValue(const YAML::Node &node, const QString &headerName)
{
    if (!node.IsScalar()) {
        error(node, u"header `%1` expects a string or a secret reference, got %2"_s.arg(headerName, describe(node)));
        return std::nullopt;
    }
    const QString text = toQString(node.Scalar());
    if (SecretRef::hasReferencePrefix(text) || looksSensitiveHeader(headerName)) {
        std::optional<SecretRef> ref = secretRef(node, headerName);
        if (!ref)
            return std::nullopt;
        return SecretOrText {{}, ref};
    }
    return SecretOrText {text, std::nullopt};
}

std::optional<QMap<QString, SecretOrText>> YamlValueReader::headers(const YAML::Node &node, const QString &key)
{
    const std::optional<YamlMap> entries = freeMap(node, u"`%1`"_s.arg(key));
    if (!entries)
        return std::nullopt;
    QMap<QString, SecretOrText> result;
    bool ok = true;
    for (const YamlMap::Entry &entry : entries->entries) {
        if (std::optional<SecretOrText> value = headerValue(entry.value, entry.key))
            result.insert(entry.key, *value);
        else
            ok = false;
    }
    if (!ok)
        return std::nullopt;
    return result;
}

std::optional<QStringList> YamlValueReader::stringList(const YAML::Node &node, const QString &key, bool allowEmpty)
{
    if (!node.IsSequence()) {
        error(node, u"`%1` expects a list of strings, got %2"_s.arg(key, describe(node)));
        return std::nullopt;
    }
    QStringList result;
    bool ok = true;
    for (const YAML::Node &element : node) {
        if (!element.IsScalar()) {
            error(element, u"`%1` expects a list of strings, got %2 in it"_s.arg(key, describe(element)));
            ok = false;
            continue;
        }
        result.append(toQString(element.Scalar()));
    }
    if (!ok)
        return std::nullopt;
    if (result.isEmpty() && !allowEmpty) {
        error(node, u"`%1` expects a non-empty list"_s.arg(key));
        return std::nullopt;
    }
    return result;
}

std::optional<QStringList> YamlValueReader::argv(const YAML::Node &node, const QString &key)
{
    if (node.IsScalar()) {
        error(node, u"`%1` expects an argv list such as [vercel, rollback, --yes] (commands never run through a "
                    u"shell), got a string"_s.arg(key));
        return std::nullopt;
    }
    std::optional<QStringList> list = stringList(node, key);
    if (!list)
        return std::nullopt;
    if (list->first().isEmpty()) {
        error(node, u"`%1` expects the program as its first element, got an empty string"_s.arg(key));
        return std::nullopt;
    }
    return list;
}

std::optional<QString> YamlValueReader::url(const YAML::Node &node, const QString &key, bool allowPlaceholders)
{
    std::optional<QString> text = string(node, key);
    if (!text)
        return std::nullopt;
    const QString expanded = allowPlaceholders
                                 ? Placeholders::expand(*text, u"https://placeholder.invalid"_s, u"0"_s)
                                 : *text;
    const QUrl parsed(expanded, QUrl::StrictMode);
    const QString scheme = parsed.scheme();
    if (!parsed.isValid() || (scheme != u"http" && scheme != u"https") || parsed.host().isEmpty()) {
        const QString expected = allowPlaceholders ? u"an http(s) URL or one starting with {url}"_s
                                                   : u"an http(s) URL such as https://api.example.com"_s;
        error(node, u"`%1` expects %2, got %3"_s.arg(key, expected, describe(node)));
        return std::nullopt;
    }
    return text;
}

std::optional<QString> YamlValueReader::choice(const YAML::Node &node, const QString &key, const QStringList &allowed)
{
    std::optional<QString> text = string(node, key);
    if (!text)
        return std::nullopt;
    if (allowed.contains(*text))
        return text;
    const QString suggestion = NearestName::find(*text, allowed);
    if (!suggestion.isEmpty())
        error(node, u"`%1` does not accept %2; did you mean `%3`?"_s.arg(key, quoted(*text), suggestion));
    else
        error(node, u"`%1` expects one of: %2; got %3"_s.arg(key, allowed.join(u", "_s), quoted(*text)));
    return std::nullopt;
}

std::optional<QVariant> YamlValueReader::anyValue(const YAML::Node &node, const QString &key)
{
    QVariant result;
    int budget = MAX_ANY_NODES;
    if (!convertAny(node, &result, 0, &budget)) {
        error(node, u"`%1` is nested too deeply or too large (aliases included); expected at most %2 values"_s.arg(key)
                        .arg(MAX_ANY_NODES));
        return std::nullopt;
    }
    return result;
}

bool YamlValueReader::convertAny(const YAML::Node &node, QVariant *out, int depth, int *budget)
{
    // Aliases share nodes in yaml-cpp, so a few lines can describe a huge tree: count every node.
    if (depth > MAX_ANY_DEPTH || --*budget < 0)
        return false;
    switch (node.Type()) {
    case YAML::NodeType::Scalar: *out = toQString(node.Scalar()); return true;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: *out = QVariant(); return true;
    case YAML::NodeType::Sequence: {
        QVariantList list;
        for (const YAML::Node &element : node) {
            QVariant value;
            if (!convertAny(element, &value, depth + 1, budget))
                return false;
            list.append(value);
        }
        *out = list;
        return true;
    }
    case YAML::NodeType::Map: {
        QVariantMap map;
        for (auto it = node.begin(); it != node.end(); ++it) {
            QVariant value;
            if (!it->first.IsScalar() || !convertAny(it->second, &value, depth + 1, budget))
                return false;
            map.insert(toQString(it->first.Scalar()), value);
        }
        *out = map;
        return true;
    }
    }
    return false;
}
