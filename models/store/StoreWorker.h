// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QObject>
#include <QTimer>

#include <memory>

/**
 * Lives on the store thread and owns that thread's connection. Store posts jobs to it; nothing
 * here is ever called from the GUI thread.
 *
 * It also notices writes made by other consoles (other processes, other machines, other
 * connections of this process) and says so with changedElsewhere(): on PostgreSQL every write
 * transaction sends NOTIFY liftoff_changes (WriteTransaction) and this connection LISTENs; on
 * SQLite, which has no notifications, it polls `PRAGMA data_version` (it changes only when
 * another connection committed) every WATCH_INTERVAL_MS.
 */
class StoreWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWorker)

public:
    /** How often a SQLite store is asked whether another connection wrote (well inside a second). */
    static constexpr int WATCH_INTERVAL_MS = 200;
    /**
     * PostgreSQL: notifications arriving within this long are answered with one changedElsewhere, so
     * a burst of writes (a `liftoff check` storing 45 results) costs each console one re-read, not 45.
     */
    static constexpr int NOTIFY_COALESCE_MS = 30;

    explicit StoreWorker(QObject *parent = nullptr);
    ~StoreWorker() override;

    StoreError open(const QString &path);
    void close();
    bool isOpen() const { return m_database.isOpen(); }
    ChecklistRepository &repository() { return *m_repository; }
    /** The store thread's connection, for the other repositories (prompt versions). */
    Database &database() { return m_database; }
    /** Starts or stops noticing other consoles' writes (on by default once open). */
    void setWatching(bool on);

signals:
    /** Another connection committed a write since the last signal (coalesced). */
    void changedElsewhere();

private:
    void startWatching();
    void stopWatching();
    void pollDataVersion();

    Database m_database;
    std::unique_ptr<ChecklistRepository> m_repository;
    QTimer *m_poll = nullptr;
    QTimer *m_coalesce = nullptr;
    qint64 m_dataVersion = -1;
    bool m_listening = false;
    bool m_watching = true;
};
