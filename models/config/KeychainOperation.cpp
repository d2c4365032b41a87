// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/KeychainOperation.h"

#include "config/KeychainService.h"
#include "config/SecretRef.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {
KeychainOutcome::Status statusOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError: return KeychainOutcome::Status::Ok;
    case QKeychain::EntryNotFound: return KeychainOutcome::Status::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser: return KeychainOutcome::Status::Denied;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError: break;
    }
    return KeychainOutcome::Status::Unavailable;
}

QStringList parseIndex(const QString &text)
{
    QStringList names;
    for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts)) {
        const QString name = line.trimmed();
        if (SecretRef::isValidName(name) && !names.contains(name))
            names.append(name);
    }
    names.sort();
    return names;
}

QString serviceName()
{
    return KeychainService::SERVICE.toString();
}
} // namespace

KeychainOperation::KeychainOperation(KeychainRequest request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
{
}

KeychainOperation::~KeychainOperation()
{
    // The value is not needed past the write; don't leave it in freed memory longer than necessary.
    m_request.value.fill(u'\0');
}

void KeychainOperation::start()
{
    switch (m_request.kind) {
    case KeychainRequest::Kind::Read:
        readEntry(m_request.name, [this](const JobResult &r) {
            if (r.status != KeychainOutcome::Status::Ok)
                return fail(r);
            KeychainOutcome outcome;
            outcome.status = KeychainOutcome::Status::Ok;
            outcome.value = r.text;
            finish(outcome);
        });
        return;
    case KeychainRequest::Kind::Write:
        writeEntry(m_request.name, m_request.value, [this](const JobResult &r) {
            m_request.value.fill(u'\0');
            if (r.status != KeychainOutcome::Status::Ok)
                return fail(r);
            updateIndex(true, [this](const JobResult &index, bool) {
                if (index.status != KeychainOutcome::Status::Ok)
                    return fail({index.status, {}, u"stored, but the list of names was not updated: "_s + index.errorString});
                finish({KeychainOutcome::Status::Ok, {}, {}, {}, 0});
            });
        });
        return;
    case KeychainRequest::Kind::Remove:
        // Deleting an absent entry is no error for the Secret Service; read first to tell "no such secret".
        readEntry(m_request.name, [this](const JobResult &existing) {
            if (existing.status != KeychainOutcome::Status::Ok && existing.status != KeychainOutcome::Status::NotFound)
                return fail(existing);
            const bool existed = existing.status == KeychainOutcome::Status::Ok;
            const auto dropFromIndex = [this, existed] {
                updateIndex(false, [this, existed](const JobResult &index, bool wasListed) {
                    if (index.status != KeychainOutcome::Status::Ok)
                        return fail(index);
                    finish({existed || wasListed ? KeychainOutcome::Status::Ok : KeychainOutcome::Status::NotFound,
                            {}, {}, {}, 0});
                });
            };
            if (!existed)
                return dropFromIndex();
            deleteEntry(m_request.name, [this, dropFromIndex](const JobResult &r) {
                if (r.status != KeychainOutcome::Status::Ok && r.status != KeychainOutcome::Status::NotFound)
                    return fail(r);
                dropFromIndex();
            });
        });
        return;
    case KeychainRequest::Kind::ListNames:
        readEntry(KeychainService::INDEX_KEY.toString(), [this](const JobResult &r) {
            if (r.status != KeychainOutcome::Status::Ok && r.status != KeychainOutcome::Status::NotFound)
                return fail(r);
            KeychainOutcome outcome;
            outcome.status = KeychainOutcome::Status::Ok;
            outcome.names = parseIndex(r.text);
            finish(outcome);
        });
        return;
    }
}

void KeychainOperation::readEntry(const QString &key, Next next)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [job, next = std::move(next)] {
        next({statusOf(job->error()), job->textData(), job->errorString()});
    });
    job->start();
}

void KeychainOperation::writeEntry(const QString &key, const QString &value, Next next)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [job, next = std::move(next)] {
        next({statusOf(job->error()), {}, job->errorString()});
    });
    job->start();
}

void KeychainOperation::deleteEntry(const QString &key, Next next)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [job, next = std::move(next)] {
        next({statusOf(job->error()), {}, job->errorString()});
    });
    job->start();
}

void KeychainOperation::updateIndex(bool add, std::function<void(const JobResult &, bool)> next)
{
    readEntry(KeychainService::INDEX_KEY.toString(), [this, add, next](const JobResult &r) {
        if (r.status != KeychainOutcome::Status::Ok && r.status != KeychainOutcome::Status::NotFound)
            return next(r, false);
        QStringList names = parseIndex(r.text);
        const bool wasListed = names.contains(m_request.name);
        if (add == wasListed)
            return next({KeychainOutcome::Status::Ok, {}, {}}, wasListed);
        if (add) {
            names.append(m_request.name);
            names.sort();
        } else {
            names.removeAll(m_request.name);
        }
        const auto written = [next, wasListed](const JobResult &w) { next(w, wasListed); };
        if (names.isEmpty())
            deleteEntry(KeychainService::INDEX_KEY.toString(), written);
        else
            writeEntry(KeychainService::INDEX_KEY.toString(), names.join(u'\n') + u'\n', written);
    });
}

void KeychainOperation::fail(const JobResult &result)
{
    KeychainOutcome outcome;
    outcome.status = result.status;
    outcome.detail = result.status == KeychainOutcome::Status::NotFound ? QString() : result.errorString;
    finish(outcome);
}

void KeychainOperation::finish(KeychainOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished(outcome);
    deleteLater();
}
