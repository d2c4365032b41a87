// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/StoreWorker.h"

StoreWorker::StoreWorker(QObject *parent)
    : QObject(parent)
    , m_repository(std::make_unique<ChecklistRepository>(m_database))
{
}

StoreWorker::~StoreWorker()
{
    close();
}

StoreError StoreWorker::open(const QString &path)
{
    return m_database.open(path);
}

void StoreWorker::close()
{
    m_database.close();
}
