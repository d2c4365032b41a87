// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeResult.h"

#include <QObject>

/**
 * One run of one probe: started once, asynchronous on the owning thread's event loop, and
 * finishing with exactly one ProbeResult (also after cancel). Never throws, never blocks.
 */
class Probe : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~Probe() override = default;

    virtual void start() = 0;
    /** Stops the run; finished() still follows, with status error. */
    virtual void cancel() = 0;
    /** The host this run talks to, for the engine's per-host limit (empty: no limit applies). */
    virtual QString host() const { return {}; }

signals:
    void finished(const ProbeResult &result);
};
