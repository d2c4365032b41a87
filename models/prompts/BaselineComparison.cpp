// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/BaselineComparison.h"

#include "checklist/MarkRules.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MAX_PROMPTS_IN_SUMMARY = 3;
const QString RULE = u"until an eval runner exists, a baseline is blessed when a person passes qa.baseline-recorded "
                     u"on a deployment; it covers the prompt versions that deployment shipped"_s;
const QString HOW_TO_BLESS = u"run the evals against these prompt versions and pass qa.baseline-recorded with a note "
                             u"(liftoff mark qa.baseline-recorded --status pass --note TEXT)"_s;

/** Created earlier, or at the same instant and recorded first. */
bool isEarlier(const DeploymentRecord &a, const DeploymentRecord &b)
{
    return a.created < b.created || (a.created == b.created && a.id < b.id);
}

QString joined(const QStringList &parts)
{
    if (parts.size() <= 1)
        return parts.value(0);
    if (parts.size() > MAX_PROMPTS_IN_SUMMARY + 1)
        return u"%1 and %2 more"_s.arg(parts.first(MAX_PROMPTS_IN_SUMMARY).join(u", "_s))
            .arg(parts.size() - MAX_PROMPTS_IN_SUMMARY);
    return parts.first(parts.size() - 1).join(u", "_s) + u" and "_s + parts.last();
}

QHash<QString, DeploymentPromptRecord> byPrompt(const QList<DeploymentPromptRecord> &records)
{
    QHash<QString, DeploymentPromptRecord> out;
    for (const DeploymentPromptRecord &r : records)
        out.insert(r.prompt, r);
    return out;
}

bool sameVersion(const DeploymentPromptRecord &a, const DeploymentPromptRecord &b)
{
    return a.source == b.source && a.version == b.version;
}
} // namespace

BaselineComparison::Outcome BaselineComparison::compare(const Input &input)
{
    Outcome out;
    const QString currentName = input.current.deployment.name;
    out.evidence.insert(u"rule"_s, RULE);
    out.evidence.insert(u"deployment"_s, currentName);
    out.evidence.insert(QLatin1StringView(MarkRules::PASS_RESOLVES_KEY), true);

    // A person's tick on this very deployment is the blessing (or its refusal): it stays as it is.
    const ItemState &state = input.currentState;
    if (state.source == StatusSource::Manual && (state.status == Status::Pass || state.status == Status::Fail)) {
        out.record = false;
        out.status = state.status;
        out.baseline = state.status == Status::Pass ? currentName : QString();
        out.summary = state.status == Status::Pass
                          ? u"the baseline blessed on %1 covers these prompt versions"_s.arg(currentName)
                          : u"failed by hand on %1: %2"_s.arg(currentName, state.summary);
        return out;
    }

    QJsonArray versions;
    QStringList currentTexts;
    for (const DeploymentPromptRecord &r : input.current.prompts)
        currentTexts.append(u"%1 %2"_s.arg(r.prompt, versionText(r, input.numbers)));
    if (input.current.prompts.isEmpty()) {
        out.status = Status::NotReported;
        const QString why = input.promptsProblem.isEmpty() ? QString() : u" (%1)"_s.arg(input.promptsProblem);
        out.summary = u"no prompt versions are recorded for %1%2, so no baseline can cover them: record a deployment "
                      u"while `prompts:` in liftoff.yaml can be read"_s.arg(currentName, why);
        out.evidence.insert(u"baseline"_s, QJsonValue::Null);
        if (!input.promptsProblem.isEmpty())
            out.evidence.insert(u"promptsProblem"_s, input.promptsProblem);
        return out;
    }

    const Blessing *baseline = nullptr;
    for (const Blessing &b : input.blessings) {
        const DeploymentRecord &d = b.shipped.deployment;
        if (d.id == input.current.deployment.id || !isEarlier(d, input.current.deployment))
            continue; // only earlier deployments: this one's own blessing is the person's tick above
        if (!baseline || isEarlier(baseline->shipped.deployment, d))
            baseline = &b;
    }
    if (!baseline) {
        out.status = Status::NotReported;
        out.summary = u"no blessed baseline yet for %1: %2"_s.arg(joined(currentTexts), HOW_TO_BLESS);
        out.evidence.insert(u"baseline"_s, QJsonValue::Null);
        for (const DeploymentPromptRecord &r : input.current.prompts)
            versions.append(QJsonObject {{u"prompt"_s, r.prompt}, {u"current"_s, versionText(r, input.numbers)}});
        out.evidence.insert(u"prompts"_s, versions);
        return out;
    }

    const QString baselineName = baseline->shipped.deployment.name;
    out.baseline = baselineName;
    out.evidence.insert(u"baseline"_s, QJsonObject {{u"deployment"_s, baselineName},
                                                    {u"blessedBy"_s, baseline->by},
                                                    {u"blessedAt"_s, baseline->at.toUTC().toString(Qt::ISODate)},
                                                    {u"note"_s, baseline->note}});
    if (baseline->shipped.prompts.isEmpty()) {
        out.status = Status::NotReported;
        out.summary = u"the baseline blessed on %1 has no recorded prompt versions to compare with: %2"_s.arg(
            baselineName, HOW_TO_BLESS);
        return out;
    }

    const QHash<QString, DeploymentPromptRecord> before = byPrompt(baseline->shipped.prompts);
    QStringList changedTexts;
    QStringList changedDetails;
    for (const DeploymentPromptRecord &r : input.current.prompts) {
        const auto old = before.constFind(r.prompt);
        const QString now = versionText(r, input.numbers);
        const bool changed = old == before.constEnd() || !sameVersion(*old, r);
        const QString then = old == before.constEnd() ? QString() : versionText(*old, input.numbers);
        QJsonObject entry {{u"prompt"_s, r.prompt}, {u"current"_s, now}, {u"changed"_s, changed}};
        entry.insert(u"baseline"_s, then.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(then));
        versions.append(entry);
        if (!changed)
            continue;
        out.changed.append(r.prompt);
        changedDetails.append(then.isEmpty() ? u"new: %1"_s.arg(now) : u"%1 → %2"_s.arg(then, now));
        changedTexts.append(u"%1 (%2)"_s.arg(r.prompt, changedDetails.last()));
    }
    QJsonArray removed;
    const QHash<QString, DeploymentPromptRecord> after = byPrompt(input.current.prompts);
    for (const DeploymentPromptRecord &r : baseline->shipped.prompts) {
        if (!after.contains(r.prompt))
            removed.append(r.prompt); // no longer shipped: the baseline still covers the rest
    }
    out.evidence.insert(u"prompts"_s, versions);
    out.evidence.insert(u"changed"_s, QJsonArray::fromStringList(out.changed));
    if (!removed.isEmpty())
        out.evidence.insert(u"removedSinceBaseline"_s, removed);

    if (out.changed.isEmpty()) {
        out.status = Status::Pass;
        out.summary = u"the baseline blessed on %1 covers these prompt versions"_s.arg(baselineName);
        return out;
    }
    out.status = Status::Fail;
    if (out.changed.size() == 1) {
        // "support-answer changed since the blessed baseline of prod-3 (v2 → v4)"
        out.summary = u"%1 changed since the blessed baseline of %2 (%3): run and bless a new baseline"_s.arg(
            out.changed.first(), baselineName, changedDetails.first());
    } else {
        out.summary = u"%1 changed since the blessed baseline of %2: run and bless a new baseline"_s.arg(
            joined(changedTexts), baselineName);
    }
    return out;
}

BaselineComparison::VersionNumbers BaselineComparison::numbersOf(const PromptCatalog &catalog)
{
    VersionNumbers out;
    if (catalog.source != PromptCatalog::Source::Git || catalog.truncated)
        return out; // Langfuse versions are numbers already; cut git history would count wrong
    for (const PromptHistory &history : catalog.prompts) {
        QHash<QString, int> &numbers = out[history.name];
        for (qsizetype i = 0; i < history.versions.size(); ++i)
            numbers.insert(history.versions.at(i).id, static_cast<int>(history.versions.size() - i));
    }
    return out;
}

QString BaselineComparison::versionText(const DeploymentPromptRecord &record, const VersionNumbers &numbers)
{
    if (record.source == u"langfuse")
        return u"v"_s + record.version;
    const int number = numbers.value(record.prompt).value(record.version, 0);
    const QString shortId = record.version.left(7);
    return number > 0 ? u"v%1 %2"_s.arg(number).arg(shortId) : shortId;
}

ProbeRunRecord BaselineComparison::toRun(const Outcome &outcome, qint64 deploymentId, const QDateTime &at)
{
    ProbeRunRecord run;
    run.deploymentId = deploymentId;
    run.itemId = QString::fromLatin1(ITEM);
    run.startedAt = at;
    run.status = outcome.status;
    run.summary = outcome.summary;
    run.evidence = outcome.evidence;
    return run;
}
