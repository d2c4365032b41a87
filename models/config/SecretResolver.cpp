// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/SecretResolver.h"

#include "config/KeychainCache.h"
#include "config/KeychainWorker.h"

#include <QDeadlineTimer>
#include <QMutex>

using namespace Qt::StringLiterals;

namespace {
/**
 * After a keychain read timed out, further reads fail at once for this long: a `check` with ten
 * keychain references and no Secret Service then costs one timeout, not ten.
 */
constexpr int TIMEOUT_MEMORY_MS = 30000;
QMutex s_timeoutMutex;
QDeadlineTimer s_skipKeychainUntil;
int s_lastTimeoutMs = 0;

void setError(QString *errorMessage, const QString &text)
{
    if (errorMessage)
        *errorMessage = text;
}
} // namespace

std::optional<QString> SecretResolver::resolve(const SecretRef &ref, QString *errorMessage)
{
    if (!SecretRef::isValidName(ref.name)) {
        setError(errorMessage, u"invalid secret reference name"_s);
        return std::nullopt;
    }
    switch (ref.store) {
    case SecretRef::Store::Env: return resolveEnvironment(ref.name, errorMessage);
    case SecretRef::Store::Keychain: return resolveKeychain(ref.name, errorMessage);
    }
    return std::nullopt;
}

std::optional<QString> SecretResolver::resolveEnvironment(const QString &name, QString *errorMessage)
{
    const QByteArray variable = name.toLatin1();
    if (!qEnvironmentVariableIsSet(variable.constData())) {
        setError(errorMessage, u"env:%1: the environment variable %1 is not set"_s.arg(name));
        return std::nullopt;
    }
    const QString value = qEnvironmentVariable(variable.constData());
    if (value.isEmpty()) {
        setError(errorMessage, u"env:%1: the environment variable %1 is empty"_s.arg(name));
        return std::nullopt;
    }
    return value;
}

std::optional<QString> SecretResolver::resolveKeychain(const QString &name, QString *errorMessage)
{
    if (std::optional<QString> cached = KeychainCache::value(name))
        return cached;
    if (KeychainCache::mustNotBlock()) {
        // The GUI thread never waits for the Secret Service: it answers from what was read ahead.
        setError(errorMessage,
                 KeychainCache::isPrimed()
                     ? u"keychain:%1: not among Liftoff's keychain entries; store it with Settings ▸ Secrets or "
                       u"`liftoff secret set %1`, or use env:%1"_s.arg(name)
                     : u"keychain:%1: the OS keychain is still being read; run the check again in a moment"_s.arg(name));
        return std::nullopt;
    }
    {
        QMutexLocker lock(&s_timeoutMutex);
        if (!s_skipKeychainUntil.hasExpired()) {
            KeychainOutcome remembered;
            remembered.status = KeychainOutcome::Status::TimedOut;
            remembered.timeoutMs = s_lastTimeoutMs;
            setError(errorMessage, remembered.errorText(name));
            return std::nullopt;
        }
    }
    const KeychainOutcome outcome = KeychainWorker::run(KeychainRequest::read(name));
    if (outcome.ok() && !outcome.value.isEmpty())
        return outcome.value;
    if (outcome.status == KeychainOutcome::Status::TimedOut) {
        QMutexLocker lock(&s_timeoutMutex);
        s_skipKeychainUntil.setRemainingTime(TIMEOUT_MEMORY_MS);
        s_lastTimeoutMs = outcome.timeoutMs;
    }
    if (outcome.ok()) {
        setError(errorMessage, u"keychain:%1: the OS keychain entry %1 is empty"_s.arg(name));
        return std::nullopt;
    }
    setError(errorMessage, outcome.errorText(name));
    return std::nullopt;
}
