// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/RollbackStore.h"

RollbackStore::RollbackStore(QString databasePath, QObject *parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
{
    // One worker: jobs run in the order they were posted.
    m_pool.setMaxThreadCount(1);
    qRegisterMetaType<StoreError>();
}

RollbackStore::~RollbackStore()
{
    // A job already running finishes (a rollback's outcome is always written); the pool waits for it.
    m_pool.waitForDone();
}
