// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

/**
 * What Settings ▸ Secrets shows and does: the names stored in the OS keychain (never a value),
 * storing or replacing one, deleting one. Every request runs on KeychainWorker's thread and answers
 * through signals, bounded in time, so the GUI thread never waits. One request at a time.
 */
class SecretsController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretsController)

public:
    explicit SecretsController(QObject *parent = nullptr);

    QStringList names() const { return m_names; }
    bool isBusy() const { return m_busy; }
    /** The last error (one line, pointing at env: when the keychain is out of reach); empty after a success. */
    QString errorString() const { return m_error; }

    /** Reads the list of names. */
    void refresh();
    /** Stores value under name (replacing what was there), then refreshes. Refused while busy. */
    bool store(const QString &name, const QString &value);
    /** Deletes the entry name, then refreshes. Refused while busy. */
    bool remove(const QString &name);

signals:
    void namesChanged();
    void busyChanged(bool busy);
    /** A request failed: text is errorString(). */
    void failed(const QString &text);
    /** A store or delete went through: "stored keychain:NAME" / "deleted keychain:NAME". */
    void done(const QString &text);

private:
    void setBusy(bool busy);
    void handleFailure(const QString &text);

    QStringList m_names;
    QString m_error;
    bool m_busy = false;
};
