// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistTemplate.h"
#include "checklist/Verdict.h"
#include "config/ProjectConfig.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QTextStream>

#include <memory>

class CliArguments;

/** Exit codes of spec/cli.md. */
namespace ExitCode {
constexpr int GO = 0;
constexpr int NO_GO = 1;
constexpr int USAGE = 2;
constexpr int STORE = 3;
constexpr int ROLLBACK = 4;
/** `liftoff secret`: no OS keychain answers (no Secret Service on the session bus), or it refused. */
constexpr int KEYCHAIN = 5;
} // namespace ExitCode

/**
 * What every project command needs: the loaded liftoff.yaml, the open store, the project row and
 * (when asked) the selected deployment. Errors are printed and turned into the spec's exit codes.
 */
class CliSession
{
public:
    CliSession(QTextStream &out, QTextStream &err);

    /** Takes --config, --db and --deployment from args. Returns 0 or the exit code to stop with. */
    int open(CliArguments &args, bool needDeployment);

    const ProjectConfig &project() const { return *m_project; }
    const ChecklistTemplate &checklist() const { return m_checklist; }
    ChecklistRepository &repository() { return *m_repository; }
    qint64 projectId() const { return m_projectId; }
    const DeploymentRecord &deployment() const { return m_deployment; }
    QString databasePath() const { return m_database.path(); }
    Database &database() { return m_database; }

    /** Evaluates every item of the selected deployment as of now. */
    QList<EvaluatedItem> evaluate(const QHash<QString, ItemState> &states) const;
    /** Prints a store error and returns exit code 3. */
    int storeFailure(const StoreError &error);

    /** Who is acting: --by, else the configured name, else $USER / $USERNAME, else "unknown" (Actor). */
    static QString currentUser(const std::optional<QString> &by = std::nullopt);

private:
    QTextStream &m_out;
    QTextStream &m_err;
    std::optional<ProjectConfig> m_project;
    ChecklistTemplate m_checklist;
    Database m_database;
    std::unique_ptr<ChecklistRepository> m_repository;
    qint64 m_projectId = 0;
    DeploymentRecord m_deployment;
};
