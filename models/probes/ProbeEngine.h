// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeRequest.h"
#include "probes/ProbeResult.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class Probe;
class ProbeFactory;

/**
 * Runs probe requests asynchronously: at most a global number at once and at most a per-host
 * number against one host, each with a deadline; retries errors where configured; cancels one
 * item or everything. Results come back through resultReady on the engine's thread.
 */
class ProbeEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeEngine)

public:
    explicit ProbeEngine(ProbeFactory *factory, QObject *parent = nullptr);
    ~ProbeEngine() override;

    void setLimits(int global, int perHost);
    void enqueue(const QList<ProbeRequest> &requests);
    void cancel(const QString &itemId);
    void cancelAll();
    bool isBusy() const { return !m_queue.isEmpty() || !m_running.isEmpty(); }
    int queuedCount() const { return static_cast<int>(m_queue.size()); }
    int runningCount() const { return static_cast<int>(m_running.size()); }

signals:
    void started(const QString &itemId);
    void resultReady(const ProbeResult &result);
    void progressChanged(int done, int total);
    void idle();

private:
    struct Run
    {
        ProbeRequest request;
        std::unique_ptr<Probe> probe;
        QString host;
        QTimer deadline;
        QTimer grace;
        int attempt = 1;
        bool timedOut = false;
        bool cancelled = false;
        bool done = false;
    };

    void pump();
    void launch(ProbeRequest request, int attempt);
    void handleFinished(Run *run, ProbeResult result);
    void complete(ProbeResult result);
    int runningOn(const QString &host) const;
    static QString hostOf(const ProbeRequest &request);

    ProbeFactory *m_factory;
    QList<std::pair<ProbeRequest, int>> m_queue; ///< request and its attempt number
    QList<Run *> m_running;
    int m_globalLimit = 8;
    int m_perHostLimit = 4;
    int m_done = 0;
    int m_total = 0;
};
