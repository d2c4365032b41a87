// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/ShippedPrompts.h"

using namespace Qt::StringLiterals;

namespace {
constexpr const char *PRODUCTION_LABEL = "production";
}

QString ShippedPrompts::Entry::line() const
{
    if (record.source == u"langfuse")
        return u"prompt %1: version %2 (%3)"_s.arg(record.prompt, record.version,
                                                   record.label.isEmpty() ? u"no label"_s : record.label);
    const QString number = this->number > 0 ? QString::number(this->number) : u"?"_s;
    return u"prompt %1: version %2 (%3)"_s.arg(record.prompt, number, shortId);
}

ShippedPrompts ShippedPrompts::fromGit(const PromptCatalog &catalog, const QString &folder, const QString &commit)
{
    ShippedPrompts out;
    out.configured = true;
    out.commit = commit;
    if (!catalog.ok) {
        out.error = u"cannot read the prompts folder %1: %2"_s.arg(folder, catalog.error);
        return out;
    }
    for (const PromptHistory &history : catalog.prompts) {
        if (history.versions.isEmpty() || history.versions.first().removed)
            continue; // deleted before this commit: not shipped
        const PromptVersion &latest = history.versions.first(); // newest first
        Entry entry;
        entry.record.prompt = history.name;
        entry.record.source = u"git"_s;
        entry.record.version = latest.id;
        entry.record.label = latest.labels.value(0);
        // Counted from the first commit that touched the file; unknown when older history was cut.
        entry.number = catalog.truncated ? 0 : static_cast<int>(history.versions.size());
        entry.shortId = latest.shortId;
        out.entries.append(entry);
    }
    if (out.entries.isEmpty()) {
        out.error = u"no prompt files under %1 at commit %2: commit the prompts there, or point `prompts.git` in "
                    u"liftoff.yaml at the folder that holds them"_s.arg(folder, commit.left(7));
        return out;
    }
    out.ok = true;
    return out;
}

ShippedPrompts ShippedPrompts::fromLangfuse(const PromptCatalog &catalog)
{
    ShippedPrompts out;
    out.configured = true;
    if (!catalog.ok) {
        out.error = catalog.error;
        return out;
    }
    for (const PromptHistory &history : catalog.prompts) {
        const PromptVersion *production = nullptr;
        for (const PromptVersion &v : history.versions) {
            if (v.labels.contains(QLatin1StringView(PRODUCTION_LABEL))) {
                production = &v;
                break;
            }
        }
        if (!production) {
            out.warnings.append(u"%1 has no version labelled production among the newest %2; label the version "
                                u"that is live in Langfuse"_s.arg(history.name).arg(history.versions.size()));
            continue;
        }
        Entry entry;
        entry.record.prompt = history.name;
        entry.record.source = u"langfuse"_s;
        entry.record.version = production->id;
        entry.record.label = QString::fromLatin1(PRODUCTION_LABEL);
        entry.number = production->id.toInt();
        entry.shortId = production->shortId.isEmpty() ? QString(u"v"_s + production->id) : production->shortId;
        out.entries.append(entry);
    }
    if (out.entries.isEmpty()) {
        out.error = out.warnings.isEmpty() ? u"Langfuse lists none of the configured prompts"_s
                                           : out.warnings.join(u"; "_s);
        out.warnings.clear();
        return out;
    }
    out.ok = true;
    return out;
}

QList<DeploymentPromptRecord> ShippedPrompts::records(qint64 deploymentId) const
{
    QList<DeploymentPromptRecord> out;
    out.reserve(entries.size());
    for (const Entry &entry : entries) {
        DeploymentPromptRecord record = entry.record;
        record.deploymentId = deploymentId;
        out.append(record);
    }
    return out;
}
