// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretRef.h"

#include <QString>

#include <optional>

/**
 * Turns a SecretRef into its value at run time: `env:` from the process environment,
 * `keychain:` from the OS keychain. Error messages name the reference, never a value.
 */
class SecretResolver
{
public:
    /** The secret's value, or nullopt with errorMessage (if given) saying why. */
    static std::optional<QString> resolve(const SecretRef &ref, QString *errorMessage = nullptr);

private:
    static std::optional<QString> resolveEnvironment(const QString &name, QString *errorMessage);
    /** The one place that talks to the keychain; this build has no keychain backend yet. */
    static std::optional<QString> resolveKeychain(const QString &name, QString *errorMessage);
};
