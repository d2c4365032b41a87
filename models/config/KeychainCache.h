// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>
#include <optional>

class QObject;
class QThread;

/**
 * Liftoff's keychain values held in this process, so a `keychain:` reference resolved on the GUI
 * thread never waits for the Secret Service: the GUI primes the cache when a project opens (the
 * names of the ":names" index, each read on KeychainWorker's thread, nothing blocking), and
 * Settings ▸ Secrets keeps it current. On the thread set with setNonBlockingThread() SecretResolver
 * answers from here only; other threads (the CLI, probe workers) may still read the keychain
 * directly, bounded. Values never leave memory: nothing here is written anywhere.
 */
class KeychainCache
{
public:
    /** The thread on which a keychain read must not block (the GUI thread); nullptr: none. */
    static void setNonBlockingThread(QThread *thread);
    static bool mustNotBlock();

    /** Reads every listed name into the cache; done (on context's thread) says how many, or why none. */
    static void prime(QObject *context, std::function<void(int count, const QString &error)> done = {});
    static bool isPrimed();

    static std::optional<QString> value(const QString &name);
    static void put(const QString &name, const QString &value);
    static void remove(const QString &name);
    static void clear();
};
