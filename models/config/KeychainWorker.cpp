// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/KeychainWorker.h"

#include "config/KeychainOperation.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QMutex>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QWaitCondition>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr int DEFAULT_TIMEOUT_MS = 3000;
constexpr int MIN_TIMEOUT_MS = 100;
constexpr int MAX_TIMEOUT_MS = 60000;
constexpr int STOP_WAIT_MS = 1000;

QMutex s_threadMutex;
QThread *s_thread = nullptr;

void stopThread()
{
    QMutexLocker lock(&s_threadMutex);
    if (!s_thread)
        return;
    s_thread->quit();
    // A job stuck in the backend must not hold up the exit; the thread is then left to the OS.
    if (s_thread->wait(STOP_WAIT_MS))
        delete s_thread;
    s_thread = nullptr;
}

QThread *keychainThread()
{
    QMutexLocker lock(&s_threadMutex);
    if (!s_thread) {
        s_thread = new QThread;
        s_thread->setObjectName(u"liftoff-keychain"_s);
        s_thread->start();
        if (QCoreApplication::instance())
            qAddPostRoutine(stopThread);
    }
    return s_thread;
}

KeychainOutcome timedOut()
{
    KeychainOutcome outcome;
    outcome.status = KeychainOutcome::Status::TimedOut;
    outcome.timeoutMs = KeychainWorker::timeoutMs();
    return outcome;
}

/** Moves a new operation for request to the keychain thread; the caller connects, then calls start. */
KeychainOperation *prepare(const KeychainRequest &request)
{
    auto *operation = new KeychainOperation(request);
    operation->moveToThread(keychainThread());
    return operation;
}

void start(KeychainOperation *operation)
{
    QMetaObject::invokeMethod(operation, &KeychainOperation::start, Qt::QueuedConnection);
}
} // namespace

int KeychainWorker::timeoutMs()
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue("LIFTOFF_KEYCHAIN_TIMEOUT_MS", &ok);
    return ok ? std::clamp(value, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
}

void KeychainWorker::submit(const KeychainRequest &request, QObject *context,
                            std::function<void(const KeychainOutcome &)> done)
{
    // Both ends run on context's thread (queued), so the flag needs no lock.
    auto answered = std::make_shared<bool>(false);
    auto callback = std::make_shared<std::function<void(const KeychainOutcome &)>>(std::move(done));
    KeychainOperation *operation = prepare(request);
    QObject::connect(operation, &KeychainOperation::finished, context, [answered, callback](const KeychainOutcome &o) {
        if (std::exchange(*answered, true))
            return;
        (*callback)(o);
    });
    QTimer::singleShot(timeoutMs(), context, [answered, callback] {
        if (std::exchange(*answered, true))
            return;
        (*callback)(timedOut());
    });
    start(operation);
}

KeychainOutcome KeychainWorker::run(const KeychainRequest &request)
{
    if (QThread::currentThread() == keychainThread()) {
        KeychainOutcome outcome;
        outcome.detail = u"a blocking keychain read on the keychain thread itself"_s;
        return outcome;
    }
    struct Pending
    {
        QMutex mutex;
        QWaitCondition answered;
        std::optional<KeychainOutcome> outcome;
    };
    auto pending = std::make_shared<Pending>();
    KeychainOperation *operation = prepare(request);
    // Direct: runs on the keychain thread as the operation finishes; the caller may have given up.
    QObject::connect(operation, &KeychainOperation::finished, operation,
                     [pending](const KeychainOutcome &o) {
                         QMutexLocker lock(&pending->mutex);
                         pending->outcome = o;
                         pending->answered.wakeAll();
                     },
                     Qt::DirectConnection);
    start(operation);
    QDeadlineTimer deadline(timeoutMs());
    QMutexLocker lock(&pending->mutex);
    while (!pending->outcome) {
        if (!pending->answered.wait(&pending->mutex, deadline))
            break;
    }
    return pending->outcome ? *pending->outcome : timedOut();
}
