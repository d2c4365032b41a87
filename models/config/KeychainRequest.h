// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/**
 * One thing to do with Liftoff's entries in the OS keychain: read, write or remove the entry NAME,
 * or list the names that were stored. A value only ever travels inside a Write request.
 */
struct KeychainRequest
{
    enum class Kind { Read, Write, Remove, ListNames };

    Kind kind = Kind::Read;
    QString name;
    QString value; ///< Write only

    static KeychainRequest read(const QString &name) { return {Kind::Read, name, {}}; }
    static KeychainRequest write(const QString &name, const QString &value) { return {Kind::Write, name, value}; }
    static KeychainRequest remove(const QString &name) { return {Kind::Remove, name, {}}; }
    static KeychainRequest listNames() { return {Kind::ListNames, {}, {}}; }
};
