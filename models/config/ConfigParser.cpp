// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ConfigParser.h"

#include "checklist/ChecklistTemplate.h"
#include "config/NearestName.h"
#include "config/ProbeSpecParser.h"
// The condition language is a leaf of models/ (it includes nothing from config/ or the probes).
#include "probes/Condition.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace {
constexpr int SUPPORTED_VERSION = 1;
constexpr double MAX_USD = 1e9;
constexpr double MAX_USD_PER_MTOK = 100000; // far above any list price; catches a per-token price in the wrong unit

const QStringList TOP_LEVEL_KEYS {u"version"_s, u"project"_s, u"environments"_s, u"repo"_s, u"prompts"_s,
                                  u"models"_s, u"budget"_s, u"notify"_s, u"sources"_s, u"rollback"_s,
                                  u"flags"_s, u"evals"_s, u"redteam"_s, u"mcp"_s, u"uptime"_s,
                                  u"checks"_s, u"items"_s, u"prices"_s};
const QStringList CHECK_SETTING_KEYS {u"conditions"_s, u"freshness"_s, u"level"_s, u"every"_s,
                                      u"why"_s, u"na"_s, u"expect_names"_s};
const QStringList JSONL_FIELDS {u"ts"_s, u"request_id"_s, u"model"_s, u"response_model"_s, u"input_tokens"_s,
                                u"output_tokens"_s, u"latency_ms"_s, u"ttft_ms"_s, u"cost_usd"_s, u"status"_s,
                                u"user"_s, u"session"_s, u"max_tokens"_s, u"temperature"_s, u"prompt"_s,
                                u"response"_s};

QString toQString(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

bool isEnvironmentName(const QString &name)
{
    return SecretRef::isValidName(name) && !name.contains(u'.') && !name.contains(u'-');
}
} // namespace

ConfigParser::ConfigParser(const QString &fileName, const QString &baseDir)
    : m_reader(fileName)
    , m_fileName(fileName)
    , m_baseDir(QDir::cleanPath(QDir(baseDir).absolutePath()))
{
}

ConfigLoadResult ConfigParser::parse(const QByteArray &yaml)
{
    ConfigLoadResult result;
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string(yaml.constData(), size_t(yaml.size())));
    } catch (const YAML::ParserException &e) {
        m_reader.error(e.mark, u"invalid YAML: %1"_s.arg(toQString(e.msg)));
    } catch (const YAML::Exception &e) {
        m_reader.error(e.mark, u"invalid YAML: %1"_s.arg(toQString(e.msg)));
    } catch (const std::exception &e) {
        m_reader.error(YAML::Mark::null_mark(), u"invalid YAML: %1"_s.arg(QString::fromUtf8(e.what())));
    }

    if (!m_reader.hasErrors()) {
        if (documents.size() > 1) {
            m_reader.error(documents.at(1), u"expected one YAML document, found %1; remove the `---` separators"_s
                                                .arg(documents.size()));
        } else {
            try {
                parseDocument(documents.empty() ? YAML::Node() : documents.front());
            } catch (const std::exception &e) {
                // The readers never use throwing conversions; this is a last fence, not a path.
                m_reader.error(YAML::Mark::null_mark(), u"could not read the file: %1"_s.arg(QString::fromUtf8(e.what())));
            }
        }
    }

    result.diagnostics = m_reader.diagnostics();
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const ConfigDiagnostic &a, const ConfigDiagnostic &b) {
                         return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    if (result.diagnostics.isEmpty())
        result.project = m_project;
    return result;
}

void ConfigParser::parseDocument(const YAML::Node &root)
{
    if (!root.IsMap()) {
        const QString got = root.IsNull() ? u"an empty file"_s : YamlValueReader::describe(root);
        m_reader.error(root.IsNull() ? YAML::Mark::null_mark() : root.Mark(),
                       u"expected a mapping with at least `version: %1` and `project: NAME`, got %2"_s
                           .arg(SUPPORTED_VERSION)
                           .arg(got));
        return;
    }
    // The version decides which keys exist, so it is checked before anything else: keys of
    // another version would only produce misleading errors.
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (!it->first.IsScalar() || it->first.Scalar() != "version")
            continue;
        const std::optional<qint64> number =
            m_reader.integer(it->second, u"version"_s, 0, std::numeric_limits<int>::max());
        if (!number)
            break;
        if (*number != SUPPORTED_VERSION) {
            m_reader.error(it->second, u"unsupported version %1; this Liftoff reads version %2"_s.arg(*number)
                                           .arg(SUPPORTED_VERSION));
            return;
        }
        m_project.version = int(*number);
        break;
    }

    const std::optional<YamlMap> top = m_reader.map(root, u"the top level"_s, TOP_LEVEL_KEYS);
    if (!top)
        return;

    m_project.configPath = QFileInfo(m_fileName).isAbsolute()
                               ? m_fileName
                               : QDir(m_baseDir).absoluteFilePath(QFileInfo(m_fileName).fileName());
    m_project.configDir = m_baseDir;
    m_project.repoPath = m_baseDir;

    if (!top->contains(u"version"_s))
        m_reader.error(root, u"missing `version`; expected `version: %1` at the top level"_s.arg(SUPPORTED_VERSION));

    if (const YamlMap::Entry *project = top->find(u"project"_s)) {
        if (std::optional<QString> name = m_reader.nonEmptyString(project->value, u"project"_s))
            m_project.name = *name;
    } else {
        m_reader.error(root, u"missing `project`; expected `project: NAME` at the top level"_s);
    }

    if (const YamlMap::Entry *e = top->find(u"environments"_s))
        parseEnvironments(e->value);
    if (const YamlMap::Entry *e = top->find(u"repo"_s)) {
        if (std::optional<QString> repo = m_reader.nonEmptyString(e->value, u"repo"_s))
            m_project.repoPath = m_project.absolutePath(*repo);
    }
    if (const YamlMap::Entry *e = top->find(u"prompts"_s))
        parsePrompts(e->value);
    if (const YamlMap::Entry *e = top->find(u"models"_s))
        parseModels(e->value);
    // Channels and items first: budget, rollback and checks refer to them by name.
    if (const YamlMap::Entry *e = top->find(u"notify"_s))
        parseNotify(e->value);
    if (const YamlMap::Entry *e = top->find(u"items"_s))
        parseItems(e->value);
    if (const YamlMap::Entry *e = top->find(u"budget"_s))
        parseBudget(e->value);
    if (const YamlMap::Entry *e = top->find(u"sources"_s))
        parseSources(e->value);
    if (const YamlMap::Entry *e = top->find(u"rollback"_s))
        parseRollback(e->value);
    if (const YamlMap::Entry *e = top->find(u"flags"_s))
        parseFlags(e->value);
    if (const YamlMap::Entry *e = top->find(u"evals"_s))
        parseEvals(e->value);
    if (const YamlMap::Entry *e = top->find(u"redteam"_s))
        parseRedteam(e->value);
    if (const YamlMap::Entry *e = top->find(u"mcp"_s)) {
        if (std::optional<QStringList> list = m_reader.stringList(e->value, u"mcp"_s, true))
            m_project.mcpConfigs = *list;
    }
    if (const YamlMap::Entry *e = top->find(u"uptime"_s))
        parseUptime(e->value);
    if (const YamlMap::Entry *e = top->find(u"checks"_s))
        parseChecks(e->value);
    if (const YamlMap::Entry *e = top->find(u"prices"_s))
        parsePrices(e->value);
}

void ConfigParser::parseEnvironments(const YAML::Node &node)
{
    const std::optional<YamlMap> map = m_reader.freeMap(node, u"`environments`"_s);
    if (!map)
        return;
    for (const YamlMap::Entry &entry : map->entries) {
        const std::optional<YamlMap> env =
            m_reader.map(entry.value, u"environment %1"_s.arg(YamlValueReader::quoted(entry.key)), {u"url"_s, u"headers"_s});
        if (!env)
            continue;
        EnvironmentConfig config;
        config.name = entry.key;
        if (const YamlMap::Entry *url = env->find(u"url"_s)) {
            if (std::optional<QString> text = m_reader.url(url->value, u"url"_s, false))
                config.url = *text;
        } else {
            m_reader.missing(*env, u"url"_s, u"environment %1"_s.arg(YamlValueReader::quoted(entry.key)));
        }
        if (const YamlMap::Entry *headers = env->find(u"headers"_s)) {
            if (auto parsed = m_reader.headers(headers->value, u"headers"_s))
                config.headers = *parsed;
        }
        m_project.environments.append(config);
    }
}

const YamlMap::Entry *ConfigParser::exactlyOne(const YamlMap &map, const QStringList &choices, const QString &context)
{
    const YamlMap::Entry *chosen = nullptr;
    for (const YamlMap::Entry &entry : map.entries) {
        if (!choices.contains(entry.key))
            continue;
        if (chosen) {
            m_reader.error(entry.keyNode, u"%1 takes exactly one of `%2`; `%3` conflicts with `%4` (line %5)"_s
                                              .arg(context, choices.join(u"`, `"_s), entry.key, chosen->key)
                                              .arg(chosen->keyNode.Mark().line + 1));
            continue;
        }
        chosen = &entry;
    }
    if (!chosen)
        m_reader.error(map.node, u"%1 expects exactly one of `%2`"_s.arg(context, choices.join(u"`, `"_s)));
    return chosen;
}

std::optional<LangfuseConfig> ConfigParser::parseLangfuse(const YAML::Node &node, bool withNames)
{
    QStringList keys {u"base_url"_s, u"public_key"_s, u"secret_key"_s};
    if (withNames)
        keys.append(u"names"_s);
    const qsizetype errorsBefore = m_reader.diagnostics().size();
    const std::optional<YamlMap> map = m_reader.map(node, u"`langfuse`"_s, keys);
    if (!map)
        return std::nullopt;
    LangfuseConfig config;
    for (const QString &required : {u"base_url"_s, u"public_key"_s, u"secret_key"_s}) {
        if (!map->contains(required))
            m_reader.missing(*map, required, u"`langfuse`"_s);
    }
    if (const YamlMap::Entry *e = map->find(u"base_url"_s))
        config.baseUrl = m_reader.url(e->value, e->key, false).value_or(QString());
    if (const YamlMap::Entry *e = map->find(u"public_key"_s))
        config.publicKey = m_reader.secretRef(e->value, e->key).value_or(SecretRef());
    if (const YamlMap::Entry *e = map->find(u"secret_key"_s))
        config.secretKey = m_reader.secretRef(e->value, e->key).value_or(SecretRef());
    if (const YamlMap::Entry *e = map->find(u"names"_s))
        config.names = m_reader.stringList(e->value, e->key).value_or(QStringList());
    if (m_reader.diagnostics().size() != errorsBefore)
        return std::nullopt;
    return config;
}

std::optional<HttpTargetConfig> ConfigParser::parseHttpTarget(const YAML::Node &node, const QString &key)
{
    const qsizetype errorsBefore = m_reader.diagnostics().size();
    const std::optional<YamlMap> map = m_reader.map(
        node, u"`%1`"_s.arg(key), {u"url"_s, u"method"_s, u"headers"_s, u"body"_s, u"output"_s, u"timeout"_s});
    if (!map)
        return std::nullopt;
    HttpTargetConfig target;
    if (const YamlMap::Entry *e = map->find(u"url"_s))
        target.url = m_reader.url(e->value, e->key, true).value_or(QString());
    else
        m_reader.missing(*map, u"url"_s, u"`%1`"_s.arg(key));
    if (const YamlMap::Entry *e = map->find(u"method"_s)) {
        target.method = m_reader.choice(e->value, e->key,
                                        {u"GET"_s, u"HEAD"_s, u"POST"_s, u"PUT"_s, u"PATCH"_s, u"DELETE"_s, u"OPTIONS"_s})
                            .value_or(QString());
    }
    if (const YamlMap::Entry *e = map->find(u"headers"_s))
        target.headers = m_reader.headers(e->value, e->key).value_or(QMap<QString, SecretOrText>());
    if (const YamlMap::Entry *e = map->find(u"body"_s))
        target.body = m_reader.anyValue(e->value, e->key).value_or(QVariant());
    if (const YamlMap::Entry *e = map->find(u"output"_s))
        target.output = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
    if (const YamlMap::Entry *e = map->find(u"timeout"_s))
        target.timeoutMs = m_reader.durationMs(e->value, e->key);
    if (m_reader.diagnostics().size() != errorsBefore)
        return std::nullopt;
    return target;
}

void ConfigParser::parsePrompts(const YAML::Node &node)
{
    const std::optional<YamlMap> map = m_reader.map(node, u"`prompts`"_s, {u"git"_s, u"langfuse"_s});
    if (!map)
        return;
    const YamlMap::Entry *source = exactlyOne(*map, {u"git"_s, u"langfuse"_s}, u"`prompts`"_s);
    if (!source)
        return;
    PromptSourceConfig prompts;
    if (source->key == u"git") {
        prompts.kind = PromptSourceConfig::Kind::Git;
        std::optional<QString> folder = m_reader.nonEmptyString(source->value, u"git"_s);
        if (!folder)
            return;
        prompts.gitFolder = *folder;
    } else {
        prompts.kind = PromptSourceConfig::Kind::Langfuse;
        std::optional<LangfuseConfig> langfuse = parseLangfuse(source->value, true);
        if (!langfuse)
            return;
        prompts.langfuse = *langfuse;
    }
    m_project.prompts = prompts;
}

void ConfigParser::parseModels(const YAML::Node &node)
{
    const std::optional<YamlMap> map =
        m_reader.map(node, u"`models`"_s, {u"primary"_s, u"fallback"_s, u"fallback_probe"_s});
    if (!map)
        return;
    if (const YamlMap::Entry *e = map->find(u"primary"_s))
        m_project.models.primary = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
    if (const YamlMap::Entry *e = map->find(u"fallback"_s))
        m_project.models.fallback = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
    if (const YamlMap::Entry *e = map->find(u"fallback_probe"_s))
        m_project.models.fallbackProbe = parseHttpTarget(e->value, e->key);
}

void ConfigParser::parseNotify(const YAML::Node &node)
{
    const std::optional<YamlMap> map = m_reader.freeMap(node, u"`notify`"_s);
    if (!map)
        return;
    const QStringList kinds {u"slack"_s, u"discord"_s, u"webhook"_s};
    for (const YamlMap::Entry &entry : map->entries) {
        // The name counts as defined even when the channel has errors, so references to it don't add noise.
        m_channelNames.append(entry.key);
        const QString context = u"channel %1"_s.arg(YamlValueReader::quoted(entry.key));
        const std::optional<YamlMap> channel = m_reader.map(entry.value, context, kinds + QStringList {u"headers"_s});
        if (!channel)
            continue;
        const YamlMap::Entry *kind = exactlyOne(*channel, kinds, context);
        if (!kind)
            continue;
        NotifyChannelConfig config;
        config.name = entry.key;
        config.kind = kind->key == u"slack"     ? NotifyChannelConfig::Kind::Slack
                      : kind->key == u"discord" ? NotifyChannelConfig::Kind::Discord
                                                : NotifyChannelConfig::Kind::Webhook;
        if (std::optional<SecretRef> url = m_reader.secretRef(kind->value, kind->key))
            config.url = *url;
        if (const YamlMap::Entry *headers = channel->find(u"headers"_s)) {
            if (config.kind != NotifyChannelConfig::Kind::Webhook)
                m_reader.error(headers->keyNode, u"`headers` applies only to `webhook` channels"_s);
            else if (auto parsed = m_reader.headers(headers->value, headers->key))
                config.headers = *parsed;
        }
        m_project.notifyChannels.append(config);
    }
}

std::optional<QStringList> ConfigParser::channelList(const YAML::Node &node, const QString &key)
{
    std::optional<QStringList> names = m_reader.stringList(node, key);
    if (!names)
        return std::nullopt;
    bool ok = true;
    qsizetype index = 0;
    for (const YAML::Node &element : node) {
        const QString &name = names->at(index++);
        if (m_channelNames.contains(name))
            continue;
        ok = false;
        const QString suggestion = NearestName::find(name, m_channelNames);
        m_reader.error(element, u"`%1` names %2, which is not a channel under `notify`%3"_s.arg(
                                    key, YamlValueReader::quoted(name),
                                    suggestion.isEmpty() ? QString() : u"; did you mean `%1`?"_s.arg(suggestion)));
    }
    if (!ok)
        return std::nullopt;
    return names;
}

void ConfigParser::parseBudget(const YAML::Node &node)
{
    const std::optional<YamlMap> map =
        m_reader.map(node, u"`budget`"_s, {u"monthly_usd"_s, u"alerts"_s, u"expected_daily_usd"_s, u"notify"_s});
    if (!map)
        return;
    BudgetConfig budget;
    if (const YamlMap::Entry *e = map->find(u"monthly_usd"_s))
        budget.monthlyUsd = m_reader.number(e->value, e->key, 0, MAX_USD);
    if (const YamlMap::Entry *e = map->find(u"alerts"_s)) {
        if (!e->value.IsSequence() || e->value.size() == 0) {
            m_reader.error(e->value, u"`alerts` expects a non-empty list of percents such as [50, 75, 90], got %1"_s
                                         .arg(YamlValueReader::describe(e->value)));
        } else {
            QList<double> percents;
            for (const YAML::Node &element : e->value) {
                std::optional<double> percent = m_reader.number(element, u"alerts"_s, 1, 100);
                if (!percent)
                    continue;
                if (!percents.isEmpty() && *percent <= percents.last()) {
                    m_reader.error(element, u"`alerts` expects percents in ascending order without repeats"_s);
                    continue;
                }
                percents.append(*percent);
            }
            budget.alertPercents = percents;
        }
    }
    if (const YamlMap::Entry *e = map->find(u"expected_daily_usd"_s)) {
        if (!e->value.IsSequence() || e->value.size() != 2) {
            m_reader.error(e->value, u"`expected_daily_usd` expects a range [LOW, HIGH] in USD, got %1"_s.arg(
                                         YamlValueReader::describe(e->value)));
        } else {
            budget.expectedDailyLowUsd = m_reader.number(e->value[0], e->key, 0, MAX_USD);
            budget.expectedDailyHighUsd = m_reader.number(e->value[1], e->key, 0, MAX_USD);
            if (budget.expectedDailyLowUsd && budget.expectedDailyHighUsd
                && *budget.expectedDailyLowUsd > *budget.expectedDailyHighUsd)
                m_reader.error(e->value, u"`expected_daily_usd` expects LOW <= HIGH"_s);
        }
    }
    if (const YamlMap::Entry *e = map->find(u"notify"_s))
        budget.notify = channelList(e->value, e->key).value_or(QStringList());
    m_project.budget = budget;
}

void ConfigParser::parseSources(const YAML::Node &node)
{
    const std::optional<YamlMap> map = m_reader.map(node, u"`sources`"_s, {u"cost"_s, u"calls"_s, u"window"_s});
    if (!map)
        return;
    if (const YamlMap::Entry *e = map->find(u"cost"_s))
        parseCostSource(e->value);
    if (const YamlMap::Entry *e = map->find(u"calls"_s))
        parseCallSources(e->value);
    if (const YamlMap::Entry *e = map->find(u"window"_s)) {
        if (std::optional<qint64> ms = m_reader.durationMs(e->value, e->key))
            m_project.sources.windowMs = *ms;
    }
}

void ConfigParser::parseCostSource(const YAML::Node &node)
{
    const QStringList kinds {u"openai"_s, u"anthropic"_s, u"litellm"_s, u"openrouter"_s, u"langfuse"_s};
    const std::optional<YamlMap> map = m_reader.map(node, u"`cost`"_s, kinds);
    if (!map)
        return;
    const YamlMap::Entry *source = exactlyOne(*map, kinds, u"`cost`"_s);
    if (!source)
        return;
    const qsizetype errorsBefore = m_reader.diagnostics().size();
    CostSourceConfig cost;
    const QString context = u"`%1`"_s.arg(source->key);
    auto readKeyed = [&](const QString &keyName, const QStringList &extraKeys) -> std::optional<YamlMap> {
        std::optional<YamlMap> fields = m_reader.map(source->value, context, QStringList {keyName} + extraKeys);
        if (!fields)
            return std::nullopt;
        if (const YamlMap::Entry *k = fields->find(keyName))
            cost.key = m_reader.secretRef(k->value, k->key).value_or(SecretRef());
        else
            m_reader.missing(*fields, keyName, context);
        return fields;
    };
    if (source->key == u"openai") {
        cost.kind = CostSourceConfig::Kind::OpenAI;
        if (auto fields = readKeyed(u"admin_key"_s, {u"project_ids"_s})) {
            if (const YamlMap::Entry *ids = fields->find(u"project_ids"_s))
                cost.projectIds = m_reader.stringList(ids->value, ids->key).value_or(QStringList());
        }
    } else if (source->key == u"anthropic") {
        cost.kind = CostSourceConfig::Kind::Anthropic;
        readKeyed(u"admin_key"_s, {});
    } else if (source->key == u"litellm") {
        cost.kind = CostSourceConfig::Kind::LiteLLM;
        if (auto fields = readKeyed(u"master_key"_s, {u"base_url"_s})) {
            if (const YamlMap::Entry *url = fields->find(u"base_url"_s))
                cost.baseUrl = m_reader.url(url->value, url->key, false).value_or(QString());
            else
                m_reader.missing(*fields, u"base_url"_s, context);
        }
    } else if (source->key == u"openrouter") {
        cost.kind = CostSourceConfig::Kind::OpenRouter;
        readKeyed(u"api_key"_s, {});
    } else {
        cost.kind = CostSourceConfig::Kind::Langfuse;
        cost.langfuse = parseLangfuse(source->value, false).value_or(LangfuseConfig());
    }
    if (m_reader.diagnostics().size() == errorsBefore)
        m_project.sources.cost = cost;
}

void ConfigParser::parseCallSources(const YAML::Node &node)
{
    if (!node.IsSequence()) {
        m_reader.error(node, u"`calls` expects a list of call-log sources such as [{otel: logs/traces.jsonl}], got %1"_s
                                 .arg(YamlValueReader::describe(node)));
        return;
    }
    const QStringList kinds {u"otel"_s, u"litellm"_s, u"jsonl"_s, u"langfuse"_s};
    for (const YAML::Node &element : node) {
        const std::optional<YamlMap> map = m_reader.map(element, u"a `calls` source"_s, kinds + QStringList {u"fields"_s});
        if (!map)
            continue;
        const YamlMap::Entry *source = exactlyOne(*map, kinds, u"a `calls` source"_s);
        if (!source)
            continue;
        CallSourceConfig call;
        if (source->key == u"otel" || source->key == u"jsonl") {
            call.kind = source->key == u"otel" ? CallSourceConfig::Kind::Otel : CallSourceConfig::Kind::Jsonl;
            call.path = m_reader.nonEmptyString(source->value, source->key).value_or(QString());
        } else if (source->key == u"litellm" && source->value.IsScalar()) {
            // `litellm: logs/spend.jsonl`: an exported LiteLLM_SpendLogs file instead of the API.
            call.kind = CallSourceConfig::Kind::LiteLLM;
            call.path = m_reader.nonEmptyString(source->value, source->key).value_or(QString());
        } else if (source->key == u"litellm") {
            call.kind = CallSourceConfig::Kind::LiteLLM;
            if (auto fields = m_reader.map(source->value, u"`litellm`"_s, {u"base_url"_s, u"master_key"_s})) {
                if (const YamlMap::Entry *url = fields->find(u"base_url"_s))
                    call.baseUrl = m_reader.url(url->value, url->key, false).value_or(QString());
                else
                    m_reader.missing(*fields, u"base_url"_s, u"`litellm`"_s);
                if (const YamlMap::Entry *key = fields->find(u"master_key"_s))
                    call.key = m_reader.secretRef(key->value, key->key).value_or(SecretRef());
                else
                    m_reader.missing(*fields, u"master_key"_s, u"`litellm`"_s);
            }
        } else {
            call.kind = CallSourceConfig::Kind::Langfuse;
            call.langfuse = parseLangfuse(source->value, false).value_or(LangfuseConfig());
        }
        if (const YamlMap::Entry *fields = map->find(u"fields"_s)) {
            if (call.kind != CallSourceConfig::Kind::Jsonl) {
                m_reader.error(fields->keyNode, u"`fields` applies only to `jsonl` sources"_s);
            } else if (auto mapping = m_reader.map(fields->value, u"`fields`"_s, JSONL_FIELDS)) {
                for (const YamlMap::Entry &field : mapping->entries) {
                    if (std::optional<QString> name = m_reader.nonEmptyString(field.value, field.key))
                        call.fieldMap.insert(field.key, *name);
                }
            }
        }
        m_project.sources.calls.append(call);
    }
}

QStringList ConfigParser::knownItemIds() const
{
    QStringList ids = ChecklistTemplate::builtIn().ids();
    for (const ChecklistItem &item : m_project.customItems)
        ids.append(item.id);
    return ids;
}

QString ConfigParser::unknownItemMessage(const QString &id) const
{
    const QString suggestion = NearestName::find(id, knownItemIds());
    if (suggestion.isEmpty())
        return u"unknown item %1; expected an id of the checklist or of `items`"_s.arg(YamlValueReader::quoted(id));
    return u"unknown item %1; did you mean `%2`?"_s.arg(YamlValueReader::quoted(id), suggestion);
}

std::optional<QStringList> ConfigParser::itemIdList(const YAML::Node &node, const QString &key)
{
    std::optional<QStringList> ids = m_reader.stringList(node, key);
    if (!ids)
        return std::nullopt;
    const QStringList known = knownItemIds();
    bool ok = true;
    qsizetype index = 0;
    for (const YAML::Node &element : node) {
        const QString &id = ids->at(index++);
        if (known.contains(id))
            continue;
        ok = false;
        m_reader.error(element, u"`%1`: %2"_s.arg(key, unknownItemMessage(id)));
    }
    if (!ok)
        return std::nullopt;
    return ids;
}

void ConfigParser::parseItems(const YAML::Node &node)
{
    if (!node.IsSequence()) {
        m_reader.error(node, u"`items` expects a list of items (each with id, title, section), got %1"_s.arg(
                                 YamlValueReader::describe(node)));
        return;
    }
    const ChecklistTemplate &builtIn = ChecklistTemplate::builtIn();
    const QStringList sections = builtIn.sections();
    QHash<QString, int> firstLine;
    for (const YAML::Node &element : node) {
        const qsizetype errorsBefore = m_reader.diagnostics().size();
        const std::optional<YamlMap> map = m_reader.map(
            element, u"an item"_s,
            {u"id"_s, u"title"_s, u"section"_s, u"level"_s, u"binding"_s, u"phase"_s, u"passes_when"_s});
        if (!map)
            continue;
        ChecklistItem item;
        item.level = Level::Should;
        item.binding = Binding {BindingKind::Manual, {}};
        for (const QString &required : {u"id"_s, u"title"_s, u"section"_s}) {
            if (!map->contains(required))
                m_reader.missing(*map, required, u"an item"_s);
        }
        if (const YamlMap::Entry *e = map->find(u"id"_s)) {
            if (std::optional<QString> id = m_reader.nonEmptyString(e->value, e->key)) {
                item.id = *id;
                if (builtIn.contains(item.id)) {
                    m_reader.error(e->value, u"duplicate item id `%1`: it is a built-in item; change it under `checks` "
                                             u"instead"_s.arg(item.id));
                } else if (firstLine.contains(item.id)) {
                    m_reader.error(e->value, u"duplicate item id `%1` (first at line %2)"_s.arg(item.id)
                                                 .arg(firstLine.value(item.id)));
                } else if (!SecretRef::isValidName(item.id)) {
                    m_reader.error(e->value, u"item id %1 must start with a letter and hold only letters, digits, "
                                             u"`_`, `.` and `-`"_s.arg(YamlValueReader::quoted(item.id)));
                } else {
                    firstLine.insert(item.id, e->value.Mark().line + 1);
                }
            }
        }
        if (const YamlMap::Entry *e = map->find(u"title"_s))
            item.title = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
        if (const YamlMap::Entry *e = map->find(u"passes_when"_s))
            item.passesWhen = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
        if (const YamlMap::Entry *e = map->find(u"level"_s)) {
            if (std::optional<QString> level = m_reader.choice(e->value, e->key, {u"must"_s, u"should"_s}))
                item.level = *ChecklistText::levelFromString(*level);
        }
        std::optional<Phase> phase;
        if (const YamlMap::Entry *e = map->find(u"phase"_s)) {
            if (std::optional<QString> text = m_reader.choice(e->value, e->key, {u"pre"_s, u"deploy"_s, u"post"_s}))
                phase = ChecklistText::phaseFromString(*text);
        }
        if (const YamlMap::Entry *e = map->find(u"section"_s)) {
            if (std::optional<QString> section = m_reader.nonEmptyString(e->value, e->key)) {
                item.section = *section;
                if (!phase && !map->contains(u"phase"_s)) {
                    const auto it = std::find_if(builtIn.items().cbegin(), builtIn.items().cend(),
                                                 [&](const ChecklistItem &i) { return i.section == *section; });
                    if (it != builtIn.items().cend()) {
                        phase = it->phase;
                    } else {
                        const QString suggestion = NearestName::find(*section, sections);
                        m_reader.error(e->value, u"unknown section %1%2; give `phase` (pre, deploy, post) for a new "
                                                 u"section"_s.arg(YamlValueReader::quoted(*section),
                                                                  suggestion.isEmpty()
                                                                      ? QString()
                                                                      : u" (did you mean `%1`?)"_s.arg(suggestion)));
                    }
                }
            }
        }
        if (const YamlMap::Entry *e = map->find(u"binding"_s)) {
            if (std::optional<QString> text = m_reader.string(e->value, e->key)) {
                const std::optional<Binding> binding = Binding::parse(*text);
                const QStringList kinds = ProbeSpecParser::kinds();
                if (!binding) {
                    m_reader.error(e->value, u"`binding` expects manual, manual+evidence or probe:KIND, got %1"_s.arg(
                                                 YamlValueReader::quoted(*text)));
                } else if (binding->kind == BindingKind::Probe && !kinds.contains(binding->probeKind)) {
                    const QString suggestion = NearestName::find(binding->probeKind, kinds);
                    m_reader.error(e->value, u"unknown probe kind %1%2"_s.arg(
                                                 YamlValueReader::quoted(binding->probeKind),
                                                 suggestion.isEmpty() ? u"; expected one of: "_s + kinds.join(u", "_s)
                                                                      : u"; did you mean `probe:%1`?"_s.arg(suggestion)));
                } else {
                    item.binding = *binding;
                }
            }
        }
        if (phase)
            item.phase = *phase;
        if (m_reader.diagnostics().size() == errorsBefore)
            m_project.customItems.append(item);
    }
}

void ConfigParser::parseRollback(const YAML::Node &node)
{
    const std::optional<YamlMap> map = m_reader.map(
        node, u"`rollback`"_s,
        {u"command"_s, u"dry_run"_s, u"cwd"_s, u"env"_s, u"timeout"_s, u"verify"_s, u"notify"_s, u"approvers"_s});
    if (!map)
        return;
    RollbackConfig rollback;
    if (const YamlMap::Entry *e = map->find(u"command"_s))
        rollback.command = m_reader.argv(e->value, e->key).value_or(QStringList());
    else
        m_reader.missing(*map, u"command"_s, u"`rollback`"_s);
    if (const YamlMap::Entry *e = map->find(u"dry_run"_s))
        rollback.dryRun = m_reader.argv(e->value, e->key).value_or(QStringList());
    if (const YamlMap::Entry *e = map->find(u"cwd"_s))
        rollback.cwd = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
    if (const YamlMap::Entry *e = map->find(u"env"_s)) {
        if (const std::optional<YamlMap> env = m_reader.freeMap(e->value, u"`env`"_s)) {
            for (const YamlMap::Entry &variable : env->entries) {
                if (!isEnvironmentName(variable.key)) {
                    m_reader.error(variable.keyNode, u"%1 is not an environment variable name; expected letters, digits "
                                                     u"and `_`, not starting with a digit"_s
                                                         .arg(YamlValueReader::quoted(variable.key)));
                    continue;
                }
                if (std::optional<SecretRef> ref = m_reader.secretRef(variable.value, variable.key))
                    rollback.env.insert(variable.key, *ref);
            }
        }
    }
    if (const YamlMap::Entry *e = map->find(u"timeout"_s))
        rollback.timeoutMs = m_reader.durationMs(e->value, e->key).value_or(rollback.timeoutMs);
    if (const YamlMap::Entry *e = map->find(u"verify"_s))
        rollback.verify = itemIdList(e->value, e->key).value_or(QStringList());
    if (const YamlMap::Entry *e = map->find(u"notify"_s))
        rollback.notify = channelList(e->value, e->key).value_or(QStringList());
    if (const YamlMap::Entry *e = map->find(u"approvers"_s)) {
        rollback.approvers = int(m_reader.integer(e->value, e->key, 1, RollbackConfig::MAX_APPROVERS)
                                     .value_or(rollback.approvers));
    }
    m_project.rollback = rollback;
}

void ConfigParser::parseFlags(const YAML::Node &node)
{
    const QStringList kinds {u"ofrep"_s, u"flagd_file"_s, u"unleash"_s};
    const std::optional<YamlMap> map = m_reader.map(node, u"`flags`"_s, kinds + QStringList {u"flag"_s});
    if (!map)
        return;
    const YamlMap::Entry *source = exactlyOne(*map, kinds, u"`flags`"_s);
    if (!source)
        return;
    FlagsConfig flags;
    const YamlMap::Entry *topFlag = map->find(u"flag"_s);
    if (source->key == u"flagd_file") {
        flags.kind = FlagsConfig::Kind::FlagdFile;
        flags.filePath = m_reader.nonEmptyString(source->value, source->key).value_or(QString());
        if (topFlag)
            flags.flag = m_reader.nonEmptyString(topFlag->value, topFlag->key).value_or(QString());
        else
            m_reader.missing(*map, u"flag"_s, u"`flags` (the kill switch's key in the flagd file)"_s);
    } else {
        const bool unleash = source->key == u"unleash";
        flags.kind = unleash ? FlagsConfig::Kind::Unleash : FlagsConfig::Kind::Ofrep;
        if (topFlag)
            m_reader.error(topFlag->keyNode, u"`flag` goes inside `%1`"_s.arg(source->key));
        const QString context = u"`%1`"_s.arg(source->key);
        QStringList keys {u"base_url"_s, u"flag"_s};
        if (unleash)
            keys.append(u"token"_s);
        if (const std::optional<YamlMap> fields = m_reader.map(source->value, context, keys)) {
            for (const QString &required : keys) {
                if (!fields->contains(required))
                    m_reader.missing(*fields, required, context);
            }
            if (const YamlMap::Entry *e = fields->find(u"base_url"_s))
                flags.baseUrl = m_reader.url(e->value, e->key, false).value_or(QString());
            if (const YamlMap::Entry *e = fields->find(u"flag"_s))
                flags.flag = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
            if (const YamlMap::Entry *e = fields->find(u"token"_s))
                flags.token = m_reader.secretRef(e->value, e->key);
        }
    }
    m_project.flags = flags;
}

void ConfigParser::parseEvals(const YAML::Node &node)
{
    const std::optional<YamlMap> map =
        m_reader.map(node, u"`evals`"_s, {u"dataset"_s, u"target"_s, u"min_cases"_s, u"tolerance"_s,
                                          u"concurrency"_s, u"max_requests"_s, u"max_cost_usd"_s});
    if (!map)
        return;
    EvalsConfig evals;
    if (const YamlMap::Entry *e = map->find(u"dataset"_s))
        evals.dataset = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
    else
        m_reader.missing(*map, u"dataset"_s, u"`evals`"_s);
    if (const YamlMap::Entry *e = map->find(u"target"_s))
        evals.target = parseHttpTarget(e->value, e->key).value_or(HttpTargetConfig());
    else
        m_reader.missing(*map, u"target"_s, u"`evals`"_s);
    if (const YamlMap::Entry *e = map->find(u"min_cases"_s)) {
        // The checklist asks for at least 20 cases; the config may only raise that.
        evals.minCases = int(m_reader.integer(e->value, e->key, 20, 1000000).value_or(evals.minCases));
    }
    if (const YamlMap::Entry *e = map->find(u"tolerance"_s))
        evals.tolerance = m_reader.number(e->value, e->key, 0, 1).value_or(evals.tolerance);
    if (const YamlMap::Entry *e = map->find(u"concurrency"_s))
        evals.concurrency = int(m_reader.integer(e->value, e->key, 1, 64).value_or(evals.concurrency));
    if (const YamlMap::Entry *e = map->find(u"max_requests"_s))
        evals.maxRequests = int(m_reader.integer(e->value, e->key, 1, 10000000).value_or(evals.maxRequests));
    if (const YamlMap::Entry *e = map->find(u"max_cost_usd"_s))
        evals.maxCostUsd = m_reader.number(e->value, e->key, 0, 1e9).value_or(evals.maxCostUsd);
    m_project.evals = evals;
}

void ConfigParser::parseRedteam(const YAML::Node &node)
{
    const std::optional<YamlMap> map = m_reader.map(
        node, u"`redteam`"_s, {u"target"_s, u"canary"_s, u"system_prompt"_s, u"max_success_rate"_s});
    if (!map)
        return;
    RedteamConfig redteam;
    if (const YamlMap::Entry *e = map->find(u"target"_s))
        redteam.target = parseHttpTarget(e->value, e->key).value_or(HttpTargetConfig());
    else
        m_reader.missing(*map, u"target"_s, u"`redteam`"_s);
    if (const YamlMap::Entry *e = map->find(u"canary"_s))
        redteam.canary = m_reader.secretRef(e->value, e->key);
    if (const YamlMap::Entry *e = map->find(u"system_prompt"_s))
        redteam.systemPrompt = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
    if (const YamlMap::Entry *e = map->find(u"max_success_rate"_s))
        redteam.maxSuccessRate = m_reader.number(e->value, e->key, 0, 1).value_or(0);
    m_project.redteam = redteam;
}

void ConfigParser::parseUptime(const YAML::Node &node)
{
    const std::optional<YamlMap> map = m_reader.map(node, u"`uptime`"_s, {u"every"_s, u"target"_s});
    if (!map)
        return;
    if (const YamlMap::Entry *e = map->find(u"every"_s))
        m_project.uptime.everyMs = m_reader.durationMs(e->value, e->key).value_or(m_project.uptime.everyMs);
    if (const YamlMap::Entry *e = map->find(u"target"_s))
        m_project.uptime.targetPercent = m_reader.number(e->value, e->key, 0, 100).value_or(0);
}

void ConfigParser::parsePrices(const YAML::Node &node)
{
    const std::optional<YamlMap> map = m_reader.freeMap(node, u"`prices`"_s);
    if (!map)
        return;
    const QStringList keys {u"input_per_mtok"_s, u"output_per_mtok"_s};
    for (const YamlMap::Entry &entry : map->entries) {
        const QString context = u"the price of %1"_s.arg(YamlValueReader::quoted(entry.key));
        const qsizetype errorsBefore = m_reader.diagnostics().size();
        const std::optional<YamlMap> fields = m_reader.map(entry.value, context, keys);
        if (!fields)
            continue;
        ModelPriceConfig price;
        price.model = entry.key;
        price.location = m_reader.location(entry.keyNode);
        // Both are required: a missing output price would silently count output tokens as free.
        for (const QString &key : keys) {
            const YamlMap::Entry *field = fields->find(key);
            if (!field) {
                m_reader.missing(*fields, key, context);
                continue;
            }
            const double value = m_reader.number(field->value, key, 0, MAX_USD_PER_MTOK).value_or(0);
            (key == keys.first() ? price.inputPerMtok : price.outputPerMtok) = value;
        }
        if (m_reader.diagnostics().size() == errorsBefore)
            m_project.prices.append(price);
    }
}

void ConfigParser::parseChecks(const YAML::Node &node)
{
    const std::optional<YamlMap> map = m_reader.freeMap(node, u"`checks`"_s);
    if (!map)
        return;
    const QStringList known = knownItemIds();
    for (const YamlMap::Entry &entry : map->entries) {
        if (!known.contains(entry.key)) {
            m_reader.error(entry.keyNode, unknownItemMessage(entry.key));
            continue;
        }
        parseCheck(entry);
    }
}

void ConfigParser::parseCheck(const YamlMap::Entry &entry)
{
    CheckConfig check;
    check.itemId = entry.key;
    check.location = m_reader.location(entry.keyNode);
    const ChecklistItem *item = nullptr;
    for (const ChecklistItem &custom : std::as_const(m_project.customItems)) {
        if (custom.id == entry.key)
            item = &custom;
    }
    if (!item)
        item = ChecklistTemplate::builtIn().find(entry.key);
    if (item && item->binding.kind == BindingKind::Probe)
        check.kind = item->binding.probeKind;

    const YAML::Node &value = entry.value;
    if (value.IsNull()) {
        m_project.checks.insert(check.itemId, check);
        return;
    }
    if (value.IsScalar()) {
        if (value.Scalar() == "na") {
            check.notApplicable = true;
            m_project.checks.insert(check.itemId, check);
        } else {
            m_reader.error(value, u"`%1` expects its check settings (a mapping) or `na`, got %2"_s.arg(
                                      entry.key, YamlValueReader::describe(value)));
        }
        return;
    }

    const qsizetype errorsBefore = m_reader.diagnostics().size();
    const QStringList kinds = ProbeSpecParser::kinds();
    const std::optional<YamlMap> map = m_reader.map(value, u"`%1`"_s.arg(entry.key), kinds + CHECK_SETTING_KEYS);
    if (!map)
        return;

    const YamlMap::Entry *kindEntry = nullptr;
    for (const YamlMap::Entry &setting : map->entries) {
        if (!kinds.contains(setting.key))
            continue;
        if (kindEntry) {
            m_reader.error(setting.keyNode, u"a check takes one probe kind; `%1` conflicts with `%2` (line %3)"_s
                                                .arg(setting.key, kindEntry->key)
                                                .arg(kindEntry->keyNode.Mark().line + 1));
            continue;
        }
        kindEntry = &setting;
    }
    const YamlMap::Entry *expectNames = map->find(u"expect_names"_s);
    if (expectNames && (!kindEntry || kindEntry->key != u"command"))
        m_reader.error(expectNames->keyNode, u"`expect_names` applies only to a `command` check"_s);
    if (kindEntry) {
        ProbeSpecParser probes(m_reader, m_channelNames);
        const YAML::Node names = expectNames && kindEntry->key == u"command" ? expectNames->value : YAML::Node(YAML::NodeType::Undefined);
        check.probe = probes.parse(*kindEntry, names);
        check.kind = kindEntry->key;
    }

    if (const YamlMap::Entry *e = map->find(u"conditions"_s)) {
        if (std::optional<QStringList> conditions = m_reader.stringList(e->value, e->key, true)) {
            check.conditions = *conditions;
            qsizetype index = 0;
            for (const YAML::Node &condition : e->value) {
                check.conditionLocations.append(m_reader.location(condition));
                // Parsed now so a typo is a load error at its own list entry, not a surprise at check time.
                const QString &text = conditions->at(index++);
                const ConditionParseResult parsed = Condition::parse(text);
                if (!parsed.ok())
                    m_reader.error(condition, u"invalid condition %1: %2"_s.arg(YamlValueReader::quoted(text),
                                                                                 parsed.errorText()));
            }
        }
        if (check.kind.isEmpty())
            m_reader.error(e->keyNode, u"`conditions` need a probe, but `%1` is checked by a person; add a probe kind "
                                       u"such as `http`"_s.arg(entry.key));
    }
    if (const YamlMap::Entry *e = map->find(u"freshness"_s))
        check.freshnessMs = m_reader.durationMs(e->value, e->key);
    if (const YamlMap::Entry *e = map->find(u"every"_s))
        check.everyMs = m_reader.durationMs(e->value, e->key);
    if (const YamlMap::Entry *e = map->find(u"why"_s))
        check.why = m_reader.nonEmptyString(e->value, e->key).value_or(QString());
    if (const YamlMap::Entry *e = map->find(u"level"_s)) {
        if (std::optional<QString> level = m_reader.choice(e->value, e->key, {u"must"_s, u"should"_s})) {
            check.level = ChecklistText::levelFromString(*level);
            if (item && item->mvp && check.level == Level::Should)
                m_reader.error(e->value, u"`%1` is in the minimum viable checklist and is always `must`"_s.arg(entry.key));
        }
    }
    if (const YamlMap::Entry *e = map->find(u"na"_s)) {
        check.notApplicable = m_reader.boolean(e->value, e->key).value_or(false);
        if (check.notApplicable && (kindEntry || map->contains(u"conditions"_s) || map->contains(u"every"_s)))
            m_reader.error(e->keyNode, u"a check marked `na` takes only `why` (and `level`), not a probe, "
                                       u"conditions or a schedule"_s);
    }
    if (m_reader.diagnostics().size() == errorsBefore)
        m_project.checks.insert(check.itemId, check);
}
