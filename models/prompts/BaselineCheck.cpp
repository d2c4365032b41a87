// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/BaselineCheck.h"

#include "config/ProjectConfig.h"
#include "prompts/GitPromptSource.h"
#include "store/BaselineRepository.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/PromptVersionRepository.h"

using namespace Qt::StringLiterals;

bool BaselineCheck::applies(const ProjectConfig &project, const QSet<QString> &runnableKinds)
{
    const QString item = QString::fromLatin1(BaselineComparison::ITEM);
    const auto check = project.checks.constFind(item);
    if (check != project.checks.constEnd() && check->notApplicable)
        return false;
    return project.prompts.has_value() && !runnableKinds.contains(u"eval"_s);
}

BaselineComparison::VersionNumbers BaselineCheck::numbersFor(const ProjectConfig &project)
{
    if (!project.prompts || project.prompts->kind != PromptSourceConfig::Kind::Git)
        return {};
    return BaselineComparison::numbersOf(GitPromptSource::read(project.repoPath, project.prompts->gitFolder));
}

StoreError BaselineCheck::gather(Database &database, qint64 deploymentId, BaselineComparison::Input *input)
{
    *input = {};
    ChecklistRepository checklist(database);
    PromptVersionRepository prompts(database);
    BaselineRepository baselines(database);
    const QString item = QString::fromLatin1(BaselineComparison::ITEM);
    if (StoreError e = checklist.deployment(deploymentId, &input->current.deployment); e.isError())
        return e;
    if (StoreError e = prompts.versions(deploymentId, &input->current.prompts); e.isError())
        return e;
    QHash<QString, ItemState> states;
    if (StoreError e = checklist.itemStates(deploymentId, &states); e.isError())
        return e;
    input->currentState = states.value(item);
    QList<BaselineBlessing> blessings;
    if (StoreError e = baselines.blessings(input->current.deployment.projectId, item, &blessings); e.isError())
        return e;
    for (const BaselineBlessing &b : std::as_const(blessings)) {
        BaselineComparison::Blessing blessing {{}, b.by, b.at, b.note};
        if (StoreError e = checklist.deployment(b.deploymentId, &blessing.shipped.deployment); e.isError())
            return e;
        if (StoreError e = prompts.versions(b.deploymentId, &blessing.shipped.prompts); e.isError())
            return e;
        input->blessings.append(blessing);
    }
    return {};
}

StoreError BaselineCheck::gather(const QString &databasePath, qint64 deploymentId, BaselineComparison::Input *input)
{
    Database database;
    if (StoreError e = database.open(databasePath); e.isError())
        return e;
    return gather(database, deploymentId, input);
}

StoreError BaselineCheck::run(Database &database, qint64 deploymentId,
                              const BaselineComparison::VersionNumbers &numbers, BaselineComparison::Outcome *outcome,
                              const QString &promptsProblem)
{
    BaselineComparison::Input input;
    if (StoreError e = gather(database, deploymentId, &input); e.isError())
        return e;
    input.numbers = numbers;
    input.promptsProblem = promptsProblem;
    *outcome = BaselineComparison::compare(input);
    if (!outcome->record)
        return {};
    ChecklistRepository checklist(database);
    return checklist.recordProbeRun(BaselineComparison::toRun(*outcome, deploymentId, QDateTime::currentDateTimeUtc()),
                                    nullptr, nullptr);
}
