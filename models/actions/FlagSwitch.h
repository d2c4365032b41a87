// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/FlagsConfig.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

/**
 * Reads and sets the AI kill switch where the project keeps it: an OFREP service (evaluate with
 * POST /ofrep/v1/evaluate/flags/{key}; set with PUT /admin/flags/{key} {"value": bool}, the admin
 * API of flagd-compatible services such as the demo), a flagd JSON file (the flag's defaultVariant
 * is switched to the variant holding the wanted value) or the Unleash admin API (the flag in project
 * `default`, in the Unleash environment named like the Liftoff environment, or its only one).
 * Asynchronous; one answer per call.
 */
class FlagSwitch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlagSwitch)

public:
    static constexpr qint64 TIMEOUT_MS = 10000;
    static constexpr qint64 MAX_BODY_BYTES = 1024 * 1024;

    /** configDir resolves a relative flagd file; environment picks the Unleash environment. */
    FlagSwitch(QNetworkAccessManager *nam, FlagsConfig config, QString configDir, QString environment,
               QObject *parent = nullptr);
    ~FlagSwitch() override;

    void read();
    void write(bool value);
    bool isBusy() const { return !m_reply.isNull(); }
    QString flag() const { return m_config.flag; }
    /** "ofrep", "flagd_file" or "unleash". */
    static QString sourceName(FlagsConfig::Kind kind);
    /** The flag's value in a flagd JSON document, or nullopt with error. Pure. */
    static std::optional<bool> flagdValue(const QByteArray &document, const QString &flag, QString *error);
    /** The document with the flag's defaultVariant switched to value, or nullopt with error. Pure. */
    static std::optional<QByteArray> flagdWithValue(const QByteArray &document, const QString &flag, bool value,
                                                    QString *error);

signals:
    void valueRead(bool value);
    void valueWritten(bool value);
    void failed(const QString &error);

private:
    enum class Step { Read, Write, UnleashReadForWrite };
    QString flagdPath() const;
    void readFlagdFile();
    void writeFlagdFile(bool value);
    void send(Step step, const QString &method, const QString &path, const QByteArray &body);
    void handleReply(Step step);
    void fail(const QString &error);
    std::optional<bool> unleashValue(const QByteArray &body, QString *environment, QString *error) const;

    QNetworkAccessManager *m_nam;
    FlagsConfig m_config;
    QString m_configDir;
    QString m_environment;
    QPointer<QNetworkReply> m_reply;
    QStringList m_secrets; ///< the resolved token: never in an error message
    bool m_wanted = false;
};
