// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/KeychainOutcome.h"
#include "config/KeychainRequest.h"

#include <QObject>

#include <functional>

/**
 * Runs every keychain request of the process on one thread of its own. QtKeychain queues its jobs
 * in a per-process executor that lives on the thread of the first job, and libsecret answers on
 * that thread's main context; one dedicated thread keeps both in one place, whichever thread asks
 * (the GUI thread, a probe's, a QtConcurrent worker). Every request is bounded: a Secret Service
 * that never answers costs the caller timeoutMs(), never a hang.
 *
 * The thread is process-wide because SecretResolver is a static entry point called from every
 * layer; it starts on first use and stops when the QCoreApplication goes away.
 */
class KeychainWorker
{
public:
    /** The bound on one request: 3 s, or LIFTOFF_KEYCHAIN_TIMEOUT_MS (100..60000) when set. */
    static int timeoutMs();

    /**
     * Starts request and calls done on context's thread with the outcome, or with TimedOut once
     * timeoutMs() passed. Nothing blocks; done is never called after context is destroyed.
     */
    static void submit(const KeychainRequest &request, QObject *context,
                       std::function<void(const KeychainOutcome &)> done);

    /**
     * Blocks the calling thread until the outcome is there, at most timeoutMs(). For the
     * synchronous SecretResolver; no event loop runs meanwhile (nothing re-enters the caller).
     */
    static KeychainOutcome run(const KeychainRequest &request);
};
