// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/SecretsController.h"

#include "config/KeychainCache.h"
#include "config/KeychainWorker.h"
#include "config/SecretRef.h"

using namespace Qt::StringLiterals;

SecretsController::SecretsController(QObject *parent)
    : QObject(parent)
{
}

void SecretsController::refresh()
{
    if (m_busy)
        return;
    setBusy(true);
    KeychainWorker::submit(KeychainRequest::listNames(), this, [this](const KeychainOutcome &outcome) {
        setBusy(false);
        if (!outcome.ok())
            return handleFailure(outcome.errorText({}));
        m_error.clear();
        if (outcome.names != m_names) {
            m_names = outcome.names;
            emit namesChanged();
        }
    });
}

bool SecretsController::store(const QString &name, const QString &value)
{
    if (m_busy)
        return false;
    if (!SecretRef::isValidName(name)) {
        handleFailure(u"a secret's name is [A-Za-z_][A-Za-z0-9_.-]* (referenced as keychain:NAME)"_s);
        return false;
    }
    if (value.isEmpty()) {
        handleFailure(u"keychain:%1: give a value to store"_s.arg(name));
        return false;
    }
    setBusy(true);
    KeychainWorker::submit(KeychainRequest::write(name, value), this, [this, name, value](const KeychainOutcome &outcome) {
        setBusy(false);
        if (!outcome.ok())
            return handleFailure(outcome.errorText(name));
        KeychainCache::put(name, value); // the probes of this console use it at once
        m_error.clear();
        emit done(u"stored keychain:%1"_s.arg(name));
        refresh();
    });
    return true;
}

bool SecretsController::remove(const QString &name)
{
    if (m_busy || !SecretRef::isValidName(name))
        return false;
    setBusy(true);
    KeychainWorker::submit(KeychainRequest::remove(name), this, [this, name](const KeychainOutcome &outcome) {
        setBusy(false);
        if (!outcome.ok())
            return handleFailure(outcome.errorText(name));
        KeychainCache::remove(name);
        m_error.clear();
        emit done(u"deleted keychain:%1"_s.arg(name));
        refresh();
    });
    return true;
}

void SecretsController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void SecretsController::handleFailure(const QString &text)
{
    m_error = text;
    emit failed(text);
}
