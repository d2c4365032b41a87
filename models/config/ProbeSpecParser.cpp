// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ProbeSpecParser.h"

#include "config/NearestName.h"

#include <QHash>
#include <QList>
#include <QVariant>
#include <QVariantMap>

#include <limits>

using namespace Qt::StringLiterals;

namespace {
enum class ParamType {
    Url,        // http(s) URL, {url}/{version} allowed
    Text,       // non-empty string
    Method,     // HTTP method
    Headers,    // name -> text or secret ref
    Body,       // any YAML value
    Duration,   // -> qint64 ms
    Int,        // -> int within [min, max]
    Fraction,   // -> double in [0, 1]
    Percent,    // -> double in (0, 100]
    Bool,
    Status,     // HTTP status code
    TextList,   // non-empty list of strings
    Choice,     // one of choices
    ChoiceList, // non-empty list, each one of choices
    Channels,   // non-empty list of notify channel names
    Argv,       // argv list
    Secret,     // secret reference -> SecretRef
};

struct ParamRule
{
    QString key;
    ParamType type;
    bool required = false;
    qint64 min = 0;
    qint64 max = std::numeric_limits<int>::max();
    QStringList choices {};
};

const QStringList HTTP_METHODS {u"GET"_s, u"HEAD"_s, u"POST"_s, u"PUT"_s, u"PATCH"_s, u"DELETE"_s, u"OPTIONS"_s};

QList<std::pair<QString, QList<ParamRule>>> buildRules()
{
    using T = ParamType;
    const ParamRule url {u"url"_s, T::Url, true};
    const ParamRule optionalUrl {u"url"_s, T::Url};
    const ParamRule method {u"method"_s, T::Method};
    const ParamRule headers {u"headers"_s, T::Headers};
    const ParamRule body {u"body"_s, T::Body};
    const ParamRule timeout {u"timeout"_s, T::Duration};
    const ParamRule window {u"window"_s, T::Duration};
    const ParamRule paths {u"paths"_s, T::TextList};
    const ParamRule exclude {u"exclude"_s, T::TextList};
    return {
        {u"http"_s, {url, method, headers, body, timeout, {u"follow_redirects"_s, T::Bool}}},
        {u"tls"_s,
         {url, {u"min_days"_s, T::Int, false, 0, 3650}, timeout, {u"http_url"_s, T::Url}, {u"ca_file"_s, T::Text}}},
        {u"cors"_s, {url, {u"allowed"_s, T::TextList, true}, method, {u"credentials"_s, T::Bool}, timeout}},
        {u"burst"_s,
         {url, method, headers, body, {u"max_requests"_s, T::Int, true, 1, 10000}, {u"within"_s, T::Duration, true},
          {u"expect"_s, T::Status}, timeout}},
        {u"command"_s, {}},
        {u"alerts"_s, {{u"channels"_s, T::Channels}, {u"send_test"_s, T::Bool}}},
        {u"uptime"_s, {optionalUrl, {u"every"_s, T::Duration}, {u"target"_s, T::Percent}, window}},
        {u"cost"_s, {window, {u"tolerance"_s, T::Fraction}, {u"require_hard_limit"_s, T::Bool}}},
        {u"calls"_s,
         {window, {u"required_fields"_s, T::TextList}, {u"min_coverage"_s, T::Fraction},
          {u"max_error_rate"_s, T::Fraction}, {u"token_budget"_s, T::Int, false, 1},
          {u"per"_s, T::Choice, false, 0, 0, {u"user"_s, u"session"_s}}, paths, exclude}},
        {u"secrets"_s, {paths, exclude, {u"history"_s, T::Bool}}},
        {u"models"_s, {paths, exclude, {u"smoke"_s, T::Bool}}},
        {u"git"_s,
         {{u"tag_pattern"_s, T::Text}, {u"remote"_s, T::Text},
          {u"dirty"_s, T::Choice, false, 0, 0, {u"warn"_s, u"fail"_s, u"ignore"_s}}}},
        {u"migrations"_s,
         {{u"path"_s, T::Text},
          {u"tool"_s, T::Choice, false, 0, 0,
           {u"alembic"_s, u"prisma"_s, u"django"_s, u"rails"_s, u"knex"_s, u"flyway"_s, u"sql"_s}},
          {u"down_command"_s, T::Argv}}},
        {u"mcp"_s, {{u"configs"_s, T::TextList}}},
        {u"flags"_s, {{u"flag"_s, T::Text}}},
        {u"rollback"_s, {{u"dry_run"_s, T::Bool}}},
        {u"eval"_s,
         {{u"dataset"_s, T::Text}, {u"min_cases"_s, T::Int, false, 20, 1000000}, {u"tolerance"_s, T::Fraction}}},
        {u"redteam"_s,
         {{u"attacks"_s, T::ChoiceList, false, 0, 0, {u"injection"_s, u"hijack"_s, u"leak"_s, u"sanitization"_s}},
          {u"max_success_rate"_s, T::Fraction},
          {u"canary"_s, T::Secret},
          // The run's budget (RedteamProbe); max_cost_usd is a number of dollars from 0 to 100.
          {u"max_requests"_s, T::Int, false, 1, 10000},
          {u"max_cost_usd"_s, T::Percent},
          {u"overlap_threshold"_s, T::Fraction},
          timeout,
          {u"within"_s, T::Duration}}},
        {u"pii"_s,
         {paths, window, {u"max_findings"_s, T::Int},
          {u"kinds"_s, T::ChoiceList, false, 0, 0,
           {u"email"_s, u"phone"_s, u"card"_s, u"iban"_s, u"ssn"_s, u"ip"_s, u"injection"_s}}}},
    };
}

const QList<std::pair<QString, QList<ParamRule>>> &rules()
{
    static const QList<std::pair<QString, QList<ParamRule>>> table = buildRules();
    return table;
}

const QList<ParamRule> *rulesFor(const QString &kind)
{
    for (const auto &[name, list] : rules()) {
        if (name == kind)
            return &list;
    }
    return nullptr;
}
} // namespace

ProbeSpecParser::ProbeSpecParser(YamlValueReader &reader, const QStringList &channelNames)
    : m_reader(reader)
    , m_channelNames(channelNames)
{
}

QStringList ProbeSpecParser::kinds()
{
    QStringList names;
    for (const auto &entry : rules())
        names.append(entry.first);
    return names;
}

QStringList ProbeSpecParser::parameterKeys(const QString &kind)
{
    QStringList keys;
    if (const QList<ParamRule> *list = rulesFor(kind)) {
        for (const ParamRule &rule : *list)
            keys.append(rule.key);
    }
    return keys;
}

std::optional<ProbeSpec> ProbeSpecParser::parse(const YamlMap::Entry &kindEntry, const YAML::Node &expectNames)
{
    ProbeSpec spec;
    spec.kind = kindEntry.key;
    spec.location = m_reader.location(kindEntry.keyNode);

    if (spec.kind == u"command") {
        std::optional<QStringList> argv = m_reader.argv(kindEntry.value, u"command"_s);
        std::optional<QStringList> names;
        if (expectNames.IsDefined())
            names = m_reader.stringList(expectNames, u"expect_names"_s);
        if (!argv || (expectNames.IsDefined() && !names))
            return std::nullopt;
        spec.params.insert(u"argv"_s, *argv);
        if (names)
            spec.params.insert(u"expect_names"_s, *names);
        return spec;
    }

    const QList<ParamRule> *list = rulesFor(spec.kind);
    if (!list)
        return std::nullopt;
    // `secrets:` with nothing after it means "with the defaults".
    if (kindEntry.value.IsNull())
        return spec;
    const qsizetype errorsBefore = m_reader.diagnostics().size();
    const std::optional<YamlMap> map = m_reader.map(kindEntry.value, u"`%1`"_s.arg(spec.kind), parameterKeys(spec.kind));
    if (!map)
        return std::nullopt;
    for (const ParamRule &rule : *list) {
        const YamlMap::Entry *entry = map->find(rule.key);
        if (!entry) {
            if (rule.required)
                m_reader.missing(*map, rule.key, u"`%1`"_s.arg(spec.kind));
            continue;
        }
        const YAML::Node &value = entry->value;
        QVariant parsed;
        switch (rule.type) {
        case ParamType::Url:
            if (auto v = m_reader.url(value, rule.key, true))
                parsed = *v;
            break;
        case ParamType::Text:
            if (auto v = m_reader.nonEmptyString(value, rule.key))
                parsed = *v;
            break;
        case ParamType::Method:
            if (auto v = m_reader.choice(value, rule.key, HTTP_METHODS))
                parsed = *v;
            break;
        case ParamType::Headers:
            if (auto v = m_reader.headers(value, rule.key)) {
                QVariantMap headerMap;
                for (auto it = v->cbegin(); it != v->cend(); ++it)
                    headerMap.insert(it.key(), it->secret ? QVariant::fromValue(*it->secret) : QVariant(it->text));
                parsed = headerMap;
            }
            break;
        case ParamType::Body:
            if (auto v = m_reader.anyValue(value, rule.key))
                parsed = v->isValid() ? *v : QVariant(QString());
            break;
        case ParamType::Duration:
            if (auto v = m_reader.durationMs(value, rule.key))
                parsed = *v;
            break;
        case ParamType::Int:
            if (auto v = m_reader.integer(value, rule.key, rule.min, rule.max))
                parsed = int(*v);
            break;
        case ParamType::Fraction:
            if (auto v = m_reader.number(value, rule.key, 0, 1))
                parsed = *v;
            break;
        case ParamType::Percent:
            if (auto v = m_reader.number(value, rule.key, 0, 100))
                parsed = *v;
            break;
        case ParamType::Bool:
            if (auto v = m_reader.boolean(value, rule.key))
                parsed = *v;
            break;
        case ParamType::Status:
            if (auto v = m_reader.integer(value, rule.key, 100, 599))
                parsed = int(*v);
            break;
        case ParamType::TextList:
            if (auto v = m_reader.stringList(value, rule.key))
                parsed = *v;
            break;
        case ParamType::Choice:
            if (auto v = m_reader.choice(value, rule.key, rule.choices))
                parsed = *v;
            break;
        case ParamType::ChoiceList:
            if (auto v = m_reader.stringList(value, rule.key)) {
                bool allKnown = true;
                qsizetype index = 0;
                for (const YAML::Node &element : value) {
                    const QString &name = v->at(index++);
                    if (rule.choices.contains(name))
                        continue;
                    allKnown = false;
                    const QString suggestion = NearestName::find(name, rule.choices);
                    m_reader.error(element, suggestion.isEmpty()
                                                ? u"`%1` expects names among: %2; got %3"_s.arg(
                                                      rule.key, rule.choices.join(u", "_s), YamlValueReader::quoted(name))
                                                : u"`%1` does not accept %2; did you mean `%3`?"_s.arg(
                                                      rule.key, YamlValueReader::quoted(name), suggestion));
                }
                if (allKnown)
                    parsed = *v;
            }
            break;
        case ParamType::Channels:
            if (auto v = m_reader.stringList(value, rule.key)) {
                bool allKnown = true;
                qsizetype index = 0;
                for (const YAML::Node &element : value) {
                    const QString &name = v->at(index++);
                    if (m_channelNames.contains(name))
                        continue;
                    allKnown = false;
                    const QString suggestion = NearestName::find(name, m_channelNames);
                    m_reader.error(element, u"`%1` names %2, which is not a channel under `notify`%3"_s.arg(
                                                rule.key, YamlValueReader::quoted(name),
                                                suggestion.isEmpty() ? QString() : u"; did you mean `%1`?"_s.arg(suggestion)));
                }
                if (allKnown)
                    parsed = *v;
            }
            break;
        case ParamType::Argv:
            if (auto v = m_reader.argv(value, rule.key))
                parsed = *v;
            break;
        case ParamType::Secret:
            if (auto v = m_reader.secretRef(value, rule.key))
                parsed = QVariant::fromValue(*v);
            break;
        }
        if (parsed.isValid())
            spec.params.insert(rule.key, parsed);
    }
    if (m_reader.diagnostics().size() != errorsBefore)
        return std::nullopt;
    return spec;
}
