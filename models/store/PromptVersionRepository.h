// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/DeploymentPromptRecord.h"
#include "store/StoreError.h"

#include <QList>

class Database;

/**
 * The SQL of deployment_prompts: which prompt version each deployment shipped. Synchronous; call
 * it from the store thread, the CLI or a worker with its own connection, never the GUI thread.
 */
class PromptVersionRepository
{
public:
    explicit PromptVersionRepository(Database &database);

    /** Inserts or replaces the deployment's version of record.prompt. */
    StoreError record(const DeploymentPromptRecord &record);
    StoreError versions(qint64 deploymentId, QList<DeploymentPromptRecord> *out);

private:
    Database &m_database;
};
