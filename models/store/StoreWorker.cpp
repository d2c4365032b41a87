// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/StoreWorker.h"

#include "store/SqlDialect.h"

#include <QSqlDriver>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

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
    stopWatching();
    const StoreError error = m_database.open(path);
    if (!error.isError() && m_watching)
        startWatching();
    return error;
}

void StoreWorker::close()
{
    stopWatching();
    m_database.close();
}

void StoreWorker::setWatching(bool on)
{
    m_watching = on;
    if (!on)
        stopWatching();
    else if (m_database.isOpen() && !m_poll && !m_listening)
        startWatching();
}

void StoreWorker::startWatching()
{
    if (m_database.dialect().isPostgres()) {
        QSqlDriver *driver = m_database.connection().driver();
        // The driver's socket notifier lives on this (the store) thread, whose event loop delivers it.
        m_listening = driver && driver->subscribeToNotification(QString::fromLatin1(SqlDialect::CHANGES_CHANNEL));
        if (m_listening) {
            m_coalesce = new QTimer(this);
            m_coalesce->setSingleShot(true);
            m_coalesce->setInterval(NOTIFY_COALESCE_MS);
            connect(m_coalesce, &QTimer::timeout, this, &StoreWorker::changedElsewhere);
            connect(driver, &QSqlDriver::notification, this,
                    [this](const QString &, QSqlDriver::NotificationSource source, const QVariant &) {
                        // Our own writes are answered by their own signals already.
                        if (source == QSqlDriver::OtherSource && !m_coalesce->isActive())
                            m_coalesce->start();
                    });
        }
        return;
    }
    m_dataVersion = -1;
    pollDataVersion();
    m_poll = new QTimer(this);
    m_poll->setInterval(WATCH_INTERVAL_MS);
    connect(m_poll, &QTimer::timeout, this, &StoreWorker::pollDataVersion);
    m_poll->start();
}

void StoreWorker::stopWatching()
{
    if (m_poll) {
        delete m_poll;
        m_poll = nullptr;
    }
    if (m_coalesce) {
        delete m_coalesce;
        m_coalesce = nullptr;
    }
    if (m_listening) {
        if (QSqlDriver *driver = m_database.connection().driver()) {
            disconnect(driver, &QSqlDriver::notification, this, nullptr);
            driver->unsubscribeFromNotification(QString::fromLatin1(SqlDialect::CHANGES_CHANNEL));
        }
        m_listening = false;
    }
}

void StoreWorker::pollDataVersion()
{
    if (!m_database.isOpen())
        return;
    QSqlQuery q(m_database.connection());
    // A failed poll (a writer holding the file a moment) is simply asked again next time.
    if (!q.exec(u"PRAGMA data_version"_s) || !q.next())
        return;
    const qint64 version = q.value(0).toLongLong();
    q.finish();
    const bool changed = m_dataVersion >= 0 && version != m_dataVersion;
    m_dataVersion = version;
    if (changed)
        emit changedElsewhere();
}
