// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ModelsCheck.h"

#include "config/ProjectConfig.h"
#include "scan/ModelIdClassifier.h"
#include "scan/ModelIdFinder.h"
#include "scan/PathGlob.h"

#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {
QJsonObject toJson(const ModelIdOccurrence &o)
{
    return {{u"file"_s, o.file},
            {u"line"_s, o.line},
            {u"model"_s, o.classification.id},
            {u"provider"_s, o.classification.provider},
            {u"class"_s, ModelIdClassification::pinningName(o.classification.pinning)},
            {u"reason"_s, o.classification.reason}};
}

ModelIdOccurrence fromConfig(const QString &id, const QString &file, const QString &key)
{
    ModelIdOccurrence o;
    o.file = u"%1 (models.%2)"_s.arg(file, key);
    o.classification = ModelIdClassifier::classify(id);
    return o;
}
} // namespace

ProbeResult ModelsCheck::evaluatePinning(const QList<ModelIdOccurrence> &foundInFiles, const ModelsConfig &models,
                                         const QString &configFile)
{
    QList<ModelIdOccurrence> found;
    if (!models.primary.isEmpty())
        found.append(fromConfig(models.primary, configFile, u"primary"_s));
    if (!models.fallback.isEmpty())
        found.append(fromConfig(models.fallback, configFile, u"fallback"_s));
    found.append(foundInFiles);

    ProbeResult result;
    QJsonArray listed;
    QStringList floating;
    QStringList doubtful;
    for (const ModelIdOccurrence &o : std::as_const(found)) {
        const QString where = o.line > 0 ? u"%1 (%2:%3)"_s.arg(o.classification.id, o.file).arg(o.line)
                                         : u"%1 (%2)"_s.arg(o.classification.id, o.file);
        if (o.classification.pinning == ModelPinning::Floating)
            floating.append(where);
        else if (o.classification.pinning != ModelPinning::Pinned)
            doubtful.append(where);
        if (listed.size() < MAX_LISTED)
            listed.append(toJson(o));
    }
    result.evidence = {{u"models"_s, listed}, {u"model_count"_s, int(found.size())}};
    if (found.isEmpty()) {
        result.status = Status::NotReported;
        result.summary = u"no model ID found in code, config files or liftoff.yaml `models`"_s;
        return result;
    }
    if (!floating.isEmpty()) {
        result.status = Status::Fail;
        result.summary = u"%1 floating model ID(s): %2; pin a dated snapshot"_s.arg(floating.size()).arg(floating.join(u", "_s));
    } else if (!doubtful.isEmpty()) {
        result.status = Status::Warn;
        result.summary = u"%1 model ID(s) are preview or unknown: %2"_s.arg(doubtful.size()).arg(doubtful.join(u", "_s));
    } else {
        result.status = Status::Pass;
        result.summary = u"all %1 model ID(s) are pinned snapshots"_s.arg(found.size());
    }
    return result;
}

ProbeResult ModelsCheck::evaluateFallback(const ModelsConfig &models, const FallbackSmokeEvaluation::Outcome *smoke)
{
    ProbeResult result;
    const ModelIdClassification c = ModelIdClassifier::classify(models.fallback);
    if (models.fallback.isEmpty()) {
        result.status = Status::Fail;
        result.summary = u"no fallback model configured; set models.fallback in liftoff.yaml"_s;
    } else {
        result.evidence = {{u"fallback"_s, models.fallback},
                           {u"class"_s, ModelIdClassification::pinningName(c.pinning)},
                           {u"provider"_s, c.provider},
                           {u"reason"_s, c.reason}};
        switch (c.pinning) {
        case ModelPinning::Pinned:
            result.status = Status::Pass;
            result.summary = u"fallback %1 is configured and pinned"_s.arg(models.fallback);
            break;
        case ModelPinning::Floating:
            result.status = Status::Fail;
            result.summary = u"fallback %1 is a floating alias: %2"_s.arg(models.fallback, c.reason);
            break;
        default:
            result.status = Status::Warn;
            result.summary = u"fallback %1 is %2: %3"_s.arg(models.fallback,
                                                            ModelIdClassification::pinningName(c.pinning), c.reason);
            break;
        }
    }
    if (!models.fallbackProbe) {
        if (!models.fallback.isEmpty())
            result.evidence.insert(u"smoke_test"_s, u"not configured"_s);
        return result;
    }
    if (!smoke) {
        result.evidence.insert(u"smoke_test"_s, u"skipped (check param smoke: false)"_s);
        return result;
    }
    result.evidence.insert(u"smoke"_s, smoke->evidence);
    using Verdict = FallbackSmokeEvaluation::Outcome::Verdict;
    switch (smoke->verdict) {
    case Verdict::Passed: {
        result.evidence.insert(u"smoke_test"_s, u"passed"_s);
        const QString answer = FallbackSmokeEvaluation::excerpt(smoke->answer, {}, 60);
        result.summary += u"; the smoke call answered %1 in %2 ms: \"%3\""_s
                              .arg(smoke->evidence.value(u"status"_s).toInt())
                              .arg(smoke->evidence.value(u"latency_ms"_s).toInteger())
                              .arg(answer);
        break;
    }
    case Verdict::Failed:
        result.evidence.insert(u"smoke_test"_s, u"failed"_s);
        result.summary += u"; the smoke call to %1 failed: %2"_s.arg(smoke->evidence.value(u"url"_s).toString(),
                                                                      smoke->reason);
        result.status = Status::Fail;
        break;
    case Verdict::NotSent:
        result.evidence.insert(u"smoke_test"_s, u"not sent"_s);
        result.summary += u"; the smoke call could not be made: %1"_s.arg(smoke->reason);
        // Nothing was learnt about the endpoint: an error, unless the pinning alone already fails.
        if (result.status != Status::Fail)
            result.status = Status::Error;
        break;
    }
    return result;
}

ProbeResult ModelsCheck::run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &shared)
{
    const ModelsConfig models = context.project ? context.project->models : ModelsConfig {};
    if (request.itemId == QLatin1StringView(FALLBACK_ITEM))
        return evaluateFallback(models);
    QList<ModelIdOccurrence> found = ModelIdFinder::findInTree(context.repoPath, &shared.cancel);
    const PathGlob only(request.spec.params.value(u"paths"_s).toStringList());
    const PathGlob exclude(request.spec.params.value(u"exclude"_s).toStringList());
    found.removeIf([&](const ModelIdOccurrence &o) {
        return (!only.isEmpty() && !only.matches(o.file)) || exclude.matches(o.file);
    });
    const QString configFile = context.project ? QFileInfo(context.project->configPath).fileName() : u"liftoff.yaml"_s;
    return evaluatePinning(found, models, configFile);
}
