// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/BaselineBlessing.h"
#include "store/StoreError.h"

#include <QList>

class Database;

/**
 * The SQL behind the baseline stand-in (BaselineComparison): which deployments of a project a person
 * passed an item on by hand. Synchronous; the CLI or a worker with its own connection.
 */
class BaselineRepository
{
public:
    explicit BaselineRepository(Database &database);

    /** Every deployment of the project whose itemId is a manual pass, in any order. */
    StoreError blessings(qint64 projectId, const QString &itemId, QList<BaselineBlessing> *out);

private:
    Database &m_database;
};
