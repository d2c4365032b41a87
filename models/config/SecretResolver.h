// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretRef.h"

#include <QString>

#include <optional>

/**
 * Turns a SecretRef into its value at run time: `env:` from the process environment,
 * `keychain:` from the OS keychain (service "liftoff", key NAME: see KeychainService), or from
 * KeychainCache, which is all the GUI thread consults. Error
 * messages name the reference, never a value.
 */
class SecretResolver
{
public:
    /** The secret's value, or nullopt with errorMessage (if given) saying why. */
    static std::optional<QString> resolve(const SecretRef &ref, QString *errorMessage = nullptr);

private:
    static std::optional<QString> resolveEnvironment(const QString &name, QString *errorMessage);
    /**
     * Reads the entry through KeychainWorker: blocks the calling thread (any thread) for at most
     * KeychainWorker::timeoutMs(), without running an event loop. After a timeout, reads fail at
     * once for 30 s with the same message.
     */
    static std::optional<QString> resolveKeychain(const QString &name, QString *errorMessage);
};
