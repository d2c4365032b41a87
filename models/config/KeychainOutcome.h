// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

/**
 * What became of a KeychainRequest: done, no such entry, or why the keychain could not be used.
 * `detail` is the backend's own error text (it never holds a value); errorText() is the one-line
 * message for a person, naming the reference and pointing at `env:` when the keychain is out of reach.
 */
struct KeychainOutcome
{
    enum class Status {
        Ok,
        NotFound,    ///< no entry of that name
        Unavailable, ///< no Secret Service answers (no D-Bus session, no keyring daemon)
        Denied,      ///< the keychain refused (locked, or the user said no)
        TimedOut,    ///< nothing answered within the bound
    };

    Status status = Status::Unavailable;
    QString value;     ///< Read: the secret itself
    QStringList names; ///< ListNames: the stored names, sorted
    QString detail;
    int timeoutMs = 0; ///< TimedOut: the bound that passed

    bool ok() const { return status == Status::Ok; }
    /** True when the keychain itself could not be used (as opposed to a missing entry). */
    bool keychainUnreachable() const
    {
        return status == Status::Unavailable || status == Status::Denied || status == Status::TimedOut;
    }
    /** One line: "keychain:NAME: …", or "the OS keychain: …" when name is empty. */
    QString errorText(const QString &name) const;
};

Q_DECLARE_METATYPE(KeychainOutcome)
