// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/ChecklistRepository.h"
#include "store/Database.h"
#include "store/RollbackRepository.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

/**
 * Runs rollback and flag jobs against the store off the caller's thread, one at a time and in
 * order, each on its own connection to the store (a SQLite file or a postgresql:// location, as
 * Database::open takes it); the answer comes back on the context object's
 * thread. The GUI and the CLI (with a local event loop) both use it, so neither runs SQL on the
 * thread that drives the rollback.
 */
class RollbackStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RollbackStore)

public:
    /** The repositories of one job, on an open connection. */
    struct Session
    {
        ChecklistRepository &checklist;
        RollbackRepository &rollbacks;
    };

    explicit RollbackStore(QString databasePath, QObject *parent = nullptr);
    ~RollbackStore() override;

    QString databasePath() const { return m_path; }

    /**
     * Runs job on the store pool, then done(result) on context's thread (skipped when context is
     * gone). When the database cannot be opened, failed(error) is emitted instead of the job.
     */
    template<typename Result>
    void run(std::function<Result(Session &)> job, QObject *context, std::function<void(Result)> done)
    {
        auto *watcher = new QFutureWatcher<std::optional<Result>>(this);
        connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done] {
            const std::optional<Result> result = watcher->result();
            if (result)
                done(*result);
        });
        connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
        watcher->setFuture(QtConcurrent::run(&m_pool, [this, path = m_path, job]() -> std::optional<Result> {
            Database database;
            if (const StoreError error = database.open(path); error.isError()) {
                QMetaObject::invokeMethod(this, [this, error] { emit failed(error); }, Qt::QueuedConnection);
                return std::nullopt;
            }
            ChecklistRepository checklist(database);
            RollbackRepository rollbacks(database);
            Session session {checklist, rollbacks};
            return job(session);
        }));
    }

signals:
    void failed(const StoreError &error);

private:
    QString m_path;
    QThreadPool m_pool;
};
