// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringView>

#include <optional>

/**
 * A reference to a secret: `env:NAME` (an environment variable) or `keychain:NAME` (an OS keychain
 * entry). liftoff.yaml only ever holds references; SecretResolver turns one into its value at run time.
 */
struct SecretRef
{
    enum class Store { Env, Keychain };

    Store store = Store::Env;
    QString name; ///< [A-Za-z_][A-Za-z0-9_.-]*

    /** Parses "env:NAME" or "keychain:NAME"; nullopt for anything else. */
    static std::optional<SecretRef> parse(QStringView text);
    /** True when text starts with "env:" or "keychain:" (so a bad NAME gets its own message). */
    static bool hasReferencePrefix(QStringView text);
    /** True when name matches [A-Za-z_][A-Za-z0-9_.-]*. */
    static bool isValidName(QStringView name);
    /**
     * What an error message may show of a value that should have been a reference: "…" plus at
     * most its last 4 characters, and nothing of a value shorter than 8 characters.
     */
    static QString redactedHint(QStringView value);

    /** "env:NAME" or "keychain:NAME". */
    QString toString() const;

    bool operator==(const SecretRef &other) const = default;
};

Q_DECLARE_METATYPE(SecretRef)
