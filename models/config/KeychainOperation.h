// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/KeychainOutcome.h"
#include "config/KeychainRequest.h"

#include <QObject>

#include <functional>

/**
 * Carries out one KeychainRequest with QtKeychain's asynchronous jobs on the thread it lives on
 * (KeychainWorker's): the entry itself, and for Write and Remove the ":names" index entry beside
 * it. Emits finished exactly once and then deletes itself.
 */
class KeychainOperation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainOperation)

public:
    explicit KeychainOperation(KeychainRequest request, QObject *parent = nullptr);
    ~KeychainOperation() override;

    /** Starts the first job; must be called on the thread the operation lives on. */
    void start();

signals:
    void finished(const KeychainOutcome &outcome);

private:
    struct JobResult
    {
        KeychainOutcome::Status status;
        QString text;
        QString errorString;
    };
    using Next = std::function<void(const JobResult &)>;

    void readEntry(const QString &key, Next next);
    void writeEntry(const QString &key, const QString &value, Next next);
    void deleteEntry(const QString &key, Next next);
    /** Reads the index, adds or drops the request's name, writes it back if it changed. */
    void updateIndex(bool add, std::function<void(const JobResult &, bool wasListed)> next);
    void finish(KeychainOutcome outcome);
    void fail(const JobResult &result);

    KeychainRequest m_request;
    bool m_finished = false;
};
