// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * The mutable state of the demo service: the deployed version history (for rollback) and the
 * feature flags. With a state directory it is kept in `demo-state.json` there, written
 * atomically on every change and re-read when another process changed it, so a separate
 * `liftoff demo-server --state DIR` and tests see the same state.
 */
class DemoState
{
public:
    /** `versions` oldest first; the last is the current one. `stateDir` empty: memory only. */
    DemoState(QString stateDir, QStringList versions, QMap<QString, bool> flags);

    /** Reads the state file when there is one, else writes the initial state. */
    bool load(QString *error = nullptr);
    /** Re-reads the state file when its timestamp or size changed since the last read or write. */
    void reloadIfChanged();

    QString currentVersion() const;
    QString previousVersion() const; ///< empty when there is nothing to roll back to
    QStringList versions() const { return m_versions; }
    /** Makes the previous version current; false (with a reason) when there is none. */
    bool rollback(QString *error = nullptr);
    void deploy(const QString &version);

    std::optional<bool> flag(const QString &key) const;
    /** False when the key is new and the flag table is full. */
    bool setFlag(const QString &key, bool value);
    QMap<QString, bool> flags() const { return m_flags; }

    QString filePath() const;
    QString lastSaveError() const { return m_saveError; }

    static bool isValidVersion(const QString &version);
    static bool isValidFlagKey(const QString &key);

private:
    bool readFile(QString *error);
    void save();
    void rememberFileStamp();

    QString m_dir;
    QStringList m_versions;
    QMap<QString, bool> m_flags;
    QDateTime m_fileModified;
    qint64 m_fileSize = -1;
    QString m_saveError;
};
