// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ProjectForm.h"

#include "config/ConfigWriter.h"

#include <QProcess>

using namespace Qt::StringLiterals;

namespace {
const QStringList CHANNEL_KINDS {u"slack"_s, u"discord"_s, u"webhook"_s};
const QStringList COST_KEYS {u"admin_key"_s, u"master_key"_s, u"api_key"_s};

QString scalarAt(const QString &yaml, const QStringList &path)
{
    const std::optional<ConfigValue> v = ConfigWriter::read(yaml, path);
    return v && v->isScalar() ? v->scalar : QString();
}

QString listAt(const QString &yaml, const QStringList &path)
{
    const std::optional<ConfigValue> v = ConfigWriter::read(yaml, path);
    return v ? v->toStrings().join(u", "_s) : QString();
}

ConfigValue listValue(const QString &text)
{
    return ConfigValue::strings(ProjectForm::splitList(text));
}

// An http target as the spec's example writes it: the app's chat endpoint taking {input}.
ConfigValue chatTarget(const QString &url)
{
    return ConfigValue::mapping({{u"url"_s, ConfigValue::text(url)},
                                 {u"method"_s, ConfigValue::text(u"POST"_s)},
                                 {u"body"_s, ConfigValue::mapping({{u"message"_s, ConfigValue::text(u"{input}"_s)}})},
                                 {u"output"_s, ConfigValue::text(u"[BODY].reply"_s)}},
                                true);
}

/** A scalar field: set when filled, removed when emptied, nothing when unchanged. */
void scalarEdit(QList<ConfigEdit> &edits, const QStringList &path, const QString &now, const QString &before)
{
    if (now.trimmed() == before)
        return;
    edits.append(now.trimmed().isEmpty() ? ConfigEdit::remove(path) : ConfigEdit::set(path, ConfigValue::text(now.trimmed())));
}

void listEdit(QList<ConfigEdit> &edits, const QStringList &path, const QString &now, const QString &before)
{
    if (ProjectForm::splitList(now) == ProjectForm::splitList(before))
        return;
    edits.append(ProjectForm::splitList(now).isEmpty() ? ConfigEdit::remove(path) : ConfigEdit::set(path, listValue(now)));
}

void argvEdit(QList<ConfigEdit> &edits, const QStringList &path, const QString &now, const QString &before)
{
    const QStringList argv = ProjectForm::splitArguments(now);
    if (argv == ProjectForm::splitArguments(before))
        return;
    edits.append(argv.isEmpty() ? ConfigEdit::remove(path) : ConfigEdit::set(path, ConfigValue::strings(argv)));
}

void targetEdit(QList<ConfigEdit> &edits, const QString &section, const QString &now, const QString &before)
{
    if (now.trimmed() == before)
        return;
    if (now.trimmed().isEmpty())
        edits.append(ConfigEdit::remove({section, u"target"_s}));
    else if (before.isEmpty())
        edits.append(ConfigEdit::set({section, u"target"_s}, chatTarget(now.trimmed())));
    else
        edits.append(ConfigEdit::set({section, u"target"_s, u"url"_s}, ConfigValue::text(now.trimmed())));
}

ConfigValue callValue(const ProjectForm::CallSource &source)
{
    if (source.kind == u"litellm") {
        return ConfigValue::mapping({{source.kind, ConfigValue::mapping({{u"base_url"_s, ConfigValue::text(source.location)},
                                                                         {u"master_key"_s, ConfigValue::text(source.key)}},
                                                                        true)}},
                                    true);
    }
    return ConfigValue::mapping({{source.kind, ConfigValue::text(source.location)}}, true);
}
} // namespace

QString ProjectForm::costKeyName(const QString &adapter)
{
    if (adapter == u"litellm")
        return u"master_key"_s;
    if (adapter == u"openrouter")
        return u"api_key"_s;
    return u"admin_key"_s;
}

QString ProjectForm::joinArguments(const QStringList &argv)
{
    QStringList out;
    for (const QString &arg : argv)
        out.append(arg.isEmpty() || arg.contains(u' ') || arg.contains(u'"') ? u'"' + QString(arg).replace(u'"', u"\"\"\""_s) + u'"' : arg);
    return out.join(u' ');
}

QStringList ProjectForm::splitArguments(const QString &line)
{
    return QProcess::splitCommand(line);
}

QStringList ProjectForm::splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(u',')) {
        if (!part.trimmed().isEmpty())
            out.append(part.trimmed());
    }
    return out;
}

ProjectForm ProjectForm::fromYaml(const QString &yaml)
{
    ProjectForm form;
    form.project = scalarAt(yaml, {u"project"_s});
    if (const auto envs = ConfigWriter::read(yaml, {u"environments"_s}); envs && envs->isMapping()) {
        for (const ConfigValue::Entry &e : envs->entries) {
            const ConfigValue *url = e.second.find(u"url"_s);
            form.environments.append({e.first, url && url->isScalar() ? url->scalar : QString()});
        }
    }
    form.healthUrl = scalarAt(yaml, {u"checks"_s, u"infra.health"_s, u"http"_s, u"url"_s});
    form.monthlyUsd = scalarAt(yaml, {u"budget"_s, u"monthly_usd"_s});
    form.alerts = listAt(yaml, {u"budget"_s, u"alerts"_s});
    form.expectedDailyUsd = listAt(yaml, {u"budget"_s, u"expected_daily_usd"_s});
    form.budgetNotify = listAt(yaml, {u"budget"_s, u"notify"_s});
    if (const auto notify = ConfigWriter::read(yaml, {u"notify"_s}); notify && notify->isMapping()) {
        for (const ConfigValue::Entry &e : notify->entries) {
            Channel channel {e.first, {}, {}};
            for (const ConfigValue::Entry &setting : e.second.entries) {
                if (CHANNEL_KINDS.contains(setting.first) && setting.second.isScalar()) {
                    channel.kind = setting.first;
                    channel.target = setting.second.scalar;
                }
            }
            form.channels.append(channel);
        }
    }
    if (const auto cost = ConfigWriter::read(yaml, {u"sources"_s, u"cost"_s}); cost && cost->isMapping() && !cost->entries.isEmpty()) {
        const ConfigValue::Entry &adapter = cost->entries.first();
        form.costAdapter = adapter.first;
        if (const ConfigValue *url = adapter.second.find(u"base_url"_s))
            form.costBaseUrl = url->scalar;
        for (const QString &key : COST_KEYS) {
            if (const ConfigValue *v = adapter.second.find(key))
                form.costKey = v->scalar;
        }
    }
    if (const auto calls = ConfigWriter::read(yaml, {u"sources"_s, u"calls"_s}); calls && calls->isSequence()) {
        for (const ConfigValue &item : calls->items) {
            if (!item.isMapping() || item.entries.isEmpty())
                continue;
            const ConfigValue::Entry &source = item.entries.first();
            CallSource call {source.first, source.second.scalar, {}};
            if (source.second.isMapping()) {
                if (const ConfigValue *url = source.second.find(u"base_url"_s))
                    call.location = url->scalar;
                if (const ConfigValue *key = source.second.find(u"master_key"_s))
                    call.key = key->scalar;
            }
            form.calls.append(call);
        }
    }
    if (const auto argv = ConfigWriter::read(yaml, {u"rollback"_s, u"command"_s}))
        form.rollbackCommand = joinArguments(argv->toStrings());
    if (const auto argv = ConfigWriter::read(yaml, {u"rollback"_s, u"dry_run"_s}))
        form.rollbackDryRun = joinArguments(argv->toStrings());
    form.flagsBaseUrl = scalarAt(yaml, {u"flags"_s, u"ofrep"_s, u"base_url"_s});
    form.flagsFlag = scalarAt(yaml, {u"flags"_s, u"ofrep"_s, u"flag"_s});
    form.evalsDataset = scalarAt(yaml, {u"evals"_s, u"dataset"_s});
    form.evalsTargetUrl = scalarAt(yaml, {u"evals"_s, u"target"_s, u"url"_s});
    form.redteamTargetUrl = scalarAt(yaml, {u"redteam"_s, u"target"_s, u"url"_s});
    form.redteamCanary = scalarAt(yaml, {u"redteam"_s, u"canary"_s});
    if (const auto checks = ConfigWriter::read(yaml, {u"checks"_s}); checks && checks->isMapping()) {
        for (const ConfigValue::Entry &e : checks->entries) {
            if (e.second.isScalar() && e.second.scalar == u"na") {
                form.notApplicable.append({e.first, {}});
            } else if (const ConfigValue *na = e.second.find(u"na"_s); na && na->scalar == u"true") {
                const ConfigValue *why = e.second.find(u"why"_s);
                form.notApplicable.append({e.first, why ? why->scalar : QString()});
            }
        }
    }
    return form;
}

QList<ConfigEdit> ProjectForm::editsFrom(const ProjectForm &original) const
{
    QList<ConfigEdit> edits;
    scalarEdit(edits, {u"project"_s}, project, original.project);

    // Environments key by key: their headers and anything else the form does not show stay.
    QStringList kept;
    for (const Environment &env : environments) {
        const QString name = env.name.trimmed();
        if (name.isEmpty())
            continue;
        kept.append(name);
        const auto before = std::find_if(original.environments.begin(), original.environments.end(),
                                         [&name](const Environment &e) { return e.name == name; });
        if (before == original.environments.end() || before->url != env.url.trimmed())
            edits.append(ConfigEdit::set({u"environments"_s, name, u"url"_s}, ConfigValue::text(env.url.trimmed())));
    }
    for (const Environment &env : original.environments) {
        if (!kept.contains(env.name))
            edits.append(ConfigEdit::remove({u"environments"_s, env.name}));
    }

    if (healthUrl.trimmed() != original.healthUrl) {
        edits.append(healthUrl.trimmed().isEmpty()
                         ? ConfigEdit::remove({u"checks"_s, u"infra.health"_s})
                         : ConfigEdit::set({u"checks"_s, u"infra.health"_s, u"http"_s, u"url"_s}, ConfigValue::text(healthUrl.trimmed())));
    }

    scalarEdit(edits, {u"budget"_s, u"monthly_usd"_s}, monthlyUsd, original.monthlyUsd);
    listEdit(edits, {u"budget"_s, u"alerts"_s}, alerts, original.alerts);
    listEdit(edits, {u"budget"_s, u"expected_daily_usd"_s}, expectedDailyUsd, original.expectedDailyUsd);
    listEdit(edits, {u"budget"_s, u"notify"_s}, budgetNotify, original.budgetNotify);

    // Channels go before whatever names them (budget, rollback), which the loader checks in one pass anyway.
    QStringList channelNames;
    for (const Channel &channel : channels) {
        const QString name = channel.name.trimmed();
        if (name.isEmpty())
            continue;
        channelNames.append(name);
        const auto before = std::find_if(original.channels.begin(), original.channels.end(),
                                         [&name](const Channel &c) { return c.name == name; });
        const Channel now {name, channel.kind, channel.target.trimmed()};
        if (before != original.channels.end() && *before == now)
            continue;
        if (before != original.channels.end() && before->kind == now.kind)
            edits.append(ConfigEdit::set({u"notify"_s, name, now.kind}, ConfigValue::text(now.target)));
        else
            edits.append(ConfigEdit::set({u"notify"_s, name}, ConfigValue::mapping({{now.kind, ConfigValue::text(now.target)}}, true)));
    }
    for (const Channel &channel : original.channels) {
        if (!channelNames.contains(channel.name))
            edits.append(ConfigEdit::remove({u"notify"_s, channel.name}));
    }

    if (costAdapter != original.costAdapter || costBaseUrl.trimmed() != original.costBaseUrl || costKey.trimmed() != original.costKey) {
        if (costAdapter.isEmpty()) {
            edits.append(ConfigEdit::remove({u"sources"_s, u"cost"_s}));
        } else if (costAdapter == original.costAdapter) {
            if (costAdapter == u"litellm")
                scalarEdit(edits, {u"sources"_s, u"cost"_s, costAdapter, u"base_url"_s}, costBaseUrl, original.costBaseUrl);
            scalarEdit(edits, {u"sources"_s, u"cost"_s, costAdapter, costKeyName(costAdapter)}, costKey, original.costKey);
        } else {
            QList<ConfigValue::Entry> fields;
            if (costAdapter == u"litellm")
                fields.append({u"base_url"_s, ConfigValue::text(costBaseUrl.trimmed())});
            fields.append({costKeyName(costAdapter), ConfigValue::text(costKey.trimmed())});
            edits.append(ConfigEdit::set({u"sources"_s, u"cost"_s},
                                         ConfigValue::mapping({{costAdapter, ConfigValue::mapping(fields, true)}})));
        }
    }
    if (calls != original.calls) {
        QList<ConfigValue> items;
        for (const CallSource &source : calls) {
            if (!source.kind.isEmpty())
                items.append(callValue(source));
        }
        edits.append(items.isEmpty() ? ConfigEdit::remove({u"sources"_s, u"calls"_s})
                                     : ConfigEdit::set({u"sources"_s, u"calls"_s}, ConfigValue::sequence(items)));
    }

    argvEdit(edits, {u"rollback"_s, u"command"_s}, rollbackCommand, original.rollbackCommand);
    argvEdit(edits, {u"rollback"_s, u"dry_run"_s}, rollbackDryRun, original.rollbackDryRun);
    scalarEdit(edits, {u"flags"_s, u"ofrep"_s, u"base_url"_s}, flagsBaseUrl, original.flagsBaseUrl);
    scalarEdit(edits, {u"flags"_s, u"ofrep"_s, u"flag"_s}, flagsFlag, original.flagsFlag);
    scalarEdit(edits, {u"evals"_s, u"dataset"_s}, evalsDataset, original.evalsDataset);
    targetEdit(edits, u"evals"_s, evalsTargetUrl, original.evalsTargetUrl);
    targetEdit(edits, u"redteam"_s, redteamTargetUrl, original.redteamTargetUrl);
    scalarEdit(edits, {u"redteam"_s, u"canary"_s}, redteamCanary, original.redteamCanary);

    QStringList naIds;
    for (const NotApplicable &na : notApplicable) {
        const QString id = na.itemId.trimmed();
        if (id.isEmpty())
            continue;
        naIds.append(id);
        const NotApplicable now {id, na.why.trimmed()};
        if (original.notApplicable.contains(now))
            continue;
        // Whatever the item was checked with goes: a check marked na takes only `why`.
        edits.append(ConfigEdit::remove({u"checks"_s, id}));
        edits.append(ConfigEdit::set({u"checks"_s, id},
                                     now.why.isEmpty() ? ConfigValue::text(u"na"_s)
                                                       : ConfigValue::mapping({{u"na"_s, ConfigValue::text(u"true"_s)},
                                                                               {u"why"_s, ConfigValue::text(now.why)}})));
    }
    for (const NotApplicable &na : original.notApplicable) {
        if (!naIds.contains(na.itemId))
            edits.append(ConfigEdit::remove({u"checks"_s, na.itemId}));
    }
    return edits;
}
