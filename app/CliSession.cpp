// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliSession.h"

#include "CliArguments.h"
#include "config/ConfigLoader.h"
#include "probes/StandardProbeFactory.h"
#include "store/Actor.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

CliSession::CliSession(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

QString CliSession::currentUser(const std::optional<QString> &by)
{
    return Actor::displayName(by);
}

int CliSession::storeFailure(const StoreError &error)
{
    m_err << "liftoff: " << error.message << Qt::endl;
    return error.kind == StoreError::Kind::NotFound || error.kind == StoreError::Kind::Conflict ? ExitCode::USAGE
                                                                                               : ExitCode::STORE;
}

int CliSession::open(CliArguments &args, bool needDeployment)
{
    const QString configPath = args.takeOption(u"--config"_s).value_or(u"liftoff.yaml"_s);
    const QString dbPath = args.takeOption(u"--db"_s).value_or(Database::defaultPath());
    const std::optional<QString> deploymentName = args.takeOption(u"--deployment"_s);
    if (!QFileInfo::exists(configPath)) {
        m_err << "liftoff: " << QDir::cleanPath(QFileInfo(configPath).absoluteFilePath())
              << ": no such project file; run `liftoff init` or pass --config PATH" << Qt::endl;
        return ExitCode::USAGE;
    }
    const ConfigLoadResult loaded = ConfigLoader::loadFile(configPath);
    if (!loaded.ok()) {
        m_err << loaded.errorText() << Qt::endl;
        return ExitCode::USAGE;
    }
    m_project = loaded.project;
    m_checklist = m_project->effectiveTemplate();

    if (StoreError e = m_database.open(dbPath); e.isError())
        return storeFailure(e);
    m_repository = std::make_unique<ChecklistRepository>(m_database);
    if (StoreError e = m_repository->ensureProject(m_project->name, m_project->configPath, &m_projectId); e.isError())
        return storeFailure(e);
    if (!needDeployment)
        return 0;
    if (deploymentName) {
        if (StoreError e = m_repository->findDeployment(m_projectId, *deploymentName, &m_deployment); e.isError())
            return storeFailure(e);
        return 0;
    }
    QList<DeploymentRecord> list;
    if (StoreError e = m_repository->deployments(m_projectId, &list); e.isError())
        return storeFailure(e);
    if (list.isEmpty()) {
        m_err << "liftoff: project " << m_project->name
              << " has no deployment yet; record one with `liftoff deploy new --env ENV`" << Qt::endl;
        return ExitCode::USAGE;
    }
    // The newest deployment that was not rolled back: after a rollback the previous one is current again.
    m_deployment = list.first();
    for (const DeploymentRecord &d : std::as_const(list)) {
        if (!d.isRolledBack()) {
            m_deployment = d;
            break;
        }
    }
    return 0;
}

QList<EvaluatedItem> CliSession::evaluate(const QHash<QString, ItemState> &states) const
{
    VerdictRules::Context context;
    context.now = QDateTime::currentDateTimeUtc();
    context.released = m_deployment.isReleased();
    context.runnableProbeKinds = StandardProbeFactory::kinds();
    for (auto it = m_project->checks.begin(); it != m_project->checks.end(); ++it) {
        if (it->freshnessMs)
            context.freshnessSeconds.insert(it.key(), *it->freshnessMs / 1000);
        if (it->notApplicable)
            context.notApplicable.insert(it.key(), it->why);
    }
    QList<EvaluatedItem> items;
    items.reserve(m_checklist.items().size());
    for (const ChecklistItem &item : m_checklist.items())
        items.append(VerdictRules::evaluate(item, states.value(item.id), context));
    return items;
}
