// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/KeychainCache.h"

#include "config/KeychainWorker.h"

#include <QHash>
#include <QMutex>
#include <QThread>

#include <atomic>
#include <memory>

namespace {
QMutex s_mutex;
QHash<QString, QString> s_values;
std::atomic<QThread *> s_nonBlocking {nullptr};
std::atomic<bool> s_primed {false};

/** More names than this in the index are not read ahead (a bound on what the GUI asks for at start). */
constexpr int MAX_PRIMED = 200;
} // namespace

void KeychainCache::setNonBlockingThread(QThread *thread)
{
    s_nonBlocking.store(thread);
}

bool KeychainCache::mustNotBlock()
{
    const QThread *thread = s_nonBlocking.load();
    return thread && thread == QThread::currentThread();
}

bool KeychainCache::isPrimed()
{
    return s_primed.load();
}

void KeychainCache::prime(QObject *context, std::function<void(int, const QString &)> done)
{
    KeychainWorker::submit(KeychainRequest::listNames(), context, [context, done](const KeychainOutcome &listed) {
        if (!listed.ok()) {
            s_primed.store(true); // nothing more will come: say so instead of "still reading"
            if (done)
                done(0, listed.errorText(QStringLiteral(":names")));
            return;
        }
        const QStringList names = listed.names.mid(0, MAX_PRIMED);
        if (names.isEmpty()) {
            s_primed.store(true);
            if (done)
                done(0, {});
            return;
        }
        auto remaining = std::make_shared<int>(int(names.size()));
        auto read = std::make_shared<int>(0);
        for (const QString &name : names) {
            // The answer of listNames arrives on context's thread while context lives (KeychainWorker::submit).
            KeychainWorker::submit(KeychainRequest::read(name), context, [name, remaining, read, done](const KeychainOutcome &o) {
                if (o.ok() && !o.value.isEmpty()) {
                    put(name, o.value);
                    ++*read;
                }
                if (--*remaining == 0) {
                    s_primed.store(true);
                    if (done)
                        done(*read, {});
                }
            });
        }
    });
}

std::optional<QString> KeychainCache::value(const QString &name)
{
    QMutexLocker lock(&s_mutex);
    const auto it = s_values.constFind(name);
    if (it == s_values.constEnd())
        return std::nullopt;
    return *it;
}

void KeychainCache::put(const QString &name, const QString &value)
{
    QMutexLocker lock(&s_mutex);
    s_values.insert(name, value);
}

void KeychainCache::remove(const QString &name)
{
    QMutexLocker lock(&s_mutex);
    s_values.remove(name);
}

void KeychainCache::clear()
{
    QMutexLocker lock(&s_mutex);
    s_values.clear();
    s_primed.store(false);
}
