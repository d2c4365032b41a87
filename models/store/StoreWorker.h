// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QObject>

#include <memory>

/**
 * Lives on the store thread and owns that thread's connection. Store posts jobs to it; nothing
 * here is ever called from the GUI thread.
 */
class StoreWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWorker)

public:
    explicit StoreWorker(QObject *parent = nullptr);
    ~StoreWorker() override;

    StoreError open(const QString &path);
    void close();
    bool isOpen() const { return m_database.isOpen(); }
    ChecklistRepository &repository() { return *m_repository; }
    /** The store thread's connection, for the other repositories (prompt versions). */
    Database &database() { return m_database; }

private:
    Database m_database;
    std::unique_ptr<ChecklistRepository> m_repository;
};
