// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/FlagSwitch.h"

#include "config/SecretResolver.h"
#include "scan/SecretRedactor.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

FlagSwitch::FlagSwitch(QNetworkAccessManager *nam, FlagsConfig config, QString configDir, QString environment,
                       QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_config(std::move(config))
    , m_configDir(std::move(configDir))
    , m_environment(std::move(environment))
{
}

FlagSwitch::~FlagSwitch()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QString FlagSwitch::sourceName(FlagsConfig::Kind kind)
{
    switch (kind) {
    case FlagsConfig::Kind::Ofrep: return u"ofrep"_s;
    case FlagsConfig::Kind::FlagdFile: return u"flagd_file"_s;
    case FlagsConfig::Kind::Unleash: return u"unleash"_s;
    }
    return {};
}

void FlagSwitch::fail(const QString &error)
{
    // Errors quote the service's answers and reply errors: no key or token may pass through.
    emit failed(SecretRedactor::redact(error, m_secrets));
}

QString FlagSwitch::flagdPath() const
{
    return QDir::isAbsolutePath(m_config.filePath) ? m_config.filePath
                                                   : QDir(m_configDir).absoluteFilePath(m_config.filePath);
}

std::optional<bool> FlagSwitch::flagdValue(const QByteArray &document, const QString &flag, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(document, &parseError);
    if (!json.isObject()) {
        *error = u"not a JSON object (%1)"_s.arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject definition = json.object().value(u"flags"_s).toObject().value(flag).toObject();
    if (definition.isEmpty()) {
        *error = u"the flag %1 is not defined under \"flags\""_s.arg(flag);
        return std::nullopt;
    }
    if (definition.value(u"state"_s).toString() == u"DISABLED") {
        *error = u"the flag %1 is DISABLED in the file (flagd evaluates it to an error)"_s.arg(flag);
        return std::nullopt;
    }
    const QJsonValue value =
        definition.value(u"variants"_s).toObject().value(definition.value(u"defaultVariant"_s).toString());
    if (!value.isBool()) {
        *error = u"the flag %1's defaultVariant does not name a boolean variant"_s.arg(flag);
        return std::nullopt;
    }
    return value.toBool();
}

std::optional<QByteArray> FlagSwitch::flagdWithValue(const QByteArray &document, const QString &flag, bool value,
                                                     QString *error)
{
    if (!flagdValue(document, flag, error))
        return std::nullopt;
    QJsonObject root = QJsonDocument::fromJson(document).object();
    QJsonObject flags = root.value(u"flags"_s).toObject();
    QJsonObject definition = flags.value(flag).toObject();
    const QJsonObject variants = definition.value(u"variants"_s).toObject();
    for (auto it = variants.begin(); it != variants.end(); ++it) {
        if (it.value().isBool() && it.value().toBool() == value) {
            definition.insert(u"defaultVariant"_s, it.key());
            flags.insert(flag, definition);
            root.insert(u"flags"_s, flags);
            return QJsonDocument(root).toJson(QJsonDocument::Indented);
        }
    }
    *error = u"the flag %1 has no variant with the value %2"_s.arg(flag, value ? u"true"_s : u"false"_s);
    return std::nullopt;
}

void FlagSwitch::readFlagdFile()
{
    QFile file(flagdPath());
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"%1: cannot read it: %2"_s.arg(flagdPath(), file.errorString()));
    if (file.size() > MAX_BODY_BYTES)
        return fail(u"%1: larger than %2 bytes; not a flag file"_s.arg(flagdPath()).arg(MAX_BODY_BYTES));
    QString error;
    const std::optional<bool> value = flagdValue(file.readAll(), m_config.flag, &error);
    if (!value)
        return fail(u"%1: %2"_s.arg(flagdPath(), error));
    emit valueRead(*value);
}

void FlagSwitch::writeFlagdFile(bool value)
{
    QFile file(flagdPath());
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"%1: cannot read it: %2"_s.arg(flagdPath(), file.errorString()));
    if (file.size() > MAX_BODY_BYTES)
        return fail(u"%1: larger than %2 bytes; not a flag file"_s.arg(flagdPath()).arg(MAX_BODY_BYTES));
    QString error;
    const std::optional<QByteArray> changed = flagdWithValue(file.readAll(), m_config.flag, value, &error);
    file.close();
    if (!changed)
        return fail(u"%1: %2"_s.arg(flagdPath(), error));
    // Atomic replace: flagd watching the file never sees half of it.
    QSaveFile out(flagdPath());
    if (!out.open(QIODevice::WriteOnly) || out.write(*changed) != changed->size() || !out.commit())
        return fail(u"%1: cannot write it: %2"_s.arg(flagdPath(), out.errorString()));
    emit valueWritten(value);
}

void FlagSwitch::read()
{
    if (isBusy())
        return fail(u"the kill switch is busy; wait for the previous request"_s);
    const QString key = QString::fromUtf8(QUrl::toPercentEncoding(m_config.flag));
    switch (m_config.kind) {
    case FlagsConfig::Kind::FlagdFile:
        // Answer on the next turn of the event loop, like the network sources.
        QTimer::singleShot(0, this, &FlagSwitch::readFlagdFile);
        return;
    case FlagsConfig::Kind::Ofrep:
        send(Step::Read, u"POST"_s, u"/ofrep/v1/evaluate/flags/"_s + key, R"({"context":{}})");
        return;
    case FlagsConfig::Kind::Unleash:
        send(Step::Read, u"GET"_s, u"/api/admin/projects/default/features/"_s + key, {});
        return;
    }
}

void FlagSwitch::write(bool value)
{
    if (isBusy())
        return fail(u"the kill switch is busy; wait for the previous request"_s);
    m_wanted = value;
    const QString key = QString::fromUtf8(QUrl::toPercentEncoding(m_config.flag));
    switch (m_config.kind) {
    case FlagsConfig::Kind::FlagdFile:
        QTimer::singleShot(0, this, [this, value] { writeFlagdFile(value); });
        return;
    case FlagsConfig::Kind::Ofrep:
        send(Step::Write, u"PUT"_s, u"/admin/flags/"_s + key,
             QJsonDocument(QJsonObject {{u"value"_s, value}}).toJson(QJsonDocument::Compact));
        return;
    case FlagsConfig::Kind::Unleash:
        // The environment to switch comes from the flag's own list.
        send(Step::UnleashReadForWrite, u"GET"_s, u"/api/admin/projects/default/features/"_s + key, {});
        return;
    }
}

void FlagSwitch::send(Step step, const QString &method, const QString &path, const QByteArray &body)
{
    QString base = m_config.baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    QNetworkRequest request(QUrl(base + path));
    request.setTransferTimeout(static_cast<int>(TIMEOUT_MS));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Accept", "application/json");
    if (m_config.token) {
        QString why;
        const std::optional<QString> token = SecretResolver::resolve(*m_config.token, &why);
        if (!token)
            return QTimer::singleShot(0, this, [this, why] { fail(u"flags.unleash.token: "_s + why); });
        if (!m_secrets.contains(*token))
            m_secrets.append(*token);
        request.setRawHeader("Authorization", token->toUtf8());
    }
    m_reply = m_nam->sendCustomRequest(request, method.toLatin1(), body);
    connect(m_reply, &QNetworkReply::finished, this, [this, step] { handleReply(step); });
}

std::optional<bool> FlagSwitch::unleashValue(const QByteArray &body, QString *environment, QString *error) const
{
    const QJsonArray environments = QJsonDocument::fromJson(body).object().value(u"environments"_s).toArray();
    QStringList names;
    for (const QJsonValue &e : environments)
        names.append(e[u"name"].toString());
    qsizetype index = names.indexOf(m_environment);
    if (index < 0 && names.size() == 1)
        index = 0;
    if (index < 0) {
        *error = names.isEmpty() ? u"the answer lists no environment for the flag"_s
                                 : u"no Unleash environment named %1 (it has %2)"_s.arg(m_environment,
                                                                                        names.join(u", "_s));
        return std::nullopt;
    }
    *environment = names.at(index);
    const QJsonValue enabled = environments.at(index)[u"enabled"];
    if (!enabled.isBool()) {
        *error = u"the answer has no \"enabled\" for environment %1"_s.arg(*environment);
        return std::nullopt;
    }
    return enabled.toBool();
}

void FlagSwitch::handleReply(Step step)
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->read(MAX_BODY_BYTES);
    const QString where = u"%1 %2"_s.arg(sourceName(m_config.kind), reply->url().toString(QUrl::RemoveQuery));
    if (status == 0)
        return fail(u"%1: no answer: %2"_s.arg(where, reply->errorString()));
    if (status == 404)
        return fail(u"%1: the flag %2 does not exist there (404)"_s.arg(where, m_config.flag));
    if (status < 200 || status >= 300) {
        // Redacted before it is cut: the head of a cut key would no longer look like one.
        const QString detail =
            SecretRedactor::redact(QString::fromUtf8(body.left(4096)), m_secrets).simplified().left(200);
        return fail(u"%1: answered %2 %3"_s.arg(where).arg(status).arg(detail));
    }
    if (m_config.kind == FlagsConfig::Kind::Unleash) {
        if (step == Step::Write)
            return emit valueWritten(m_wanted);
        QString environment;
        QString error;
        const std::optional<bool> value = unleashValue(body, &environment, &error);
        if (!value)
            return fail(u"%1: %2"_s.arg(where, error));
        if (step == Step::Read)
            return emit valueRead(*value);
        const QString key = QString::fromUtf8(QUrl::toPercentEncoding(m_config.flag));
        send(Step::Write, u"POST"_s,
             u"/api/admin/projects/default/features/%1/environments/%2/%3"_s.arg(
                 key, QString::fromUtf8(QUrl::toPercentEncoding(environment)), m_wanted ? u"on"_s : u"off"_s),
             {});
        return;
    }
    const QJsonValue value = QJsonDocument::fromJson(body).object().value(u"value"_s);
    if (!value.isBool())
        return fail(u"%1: the answer has no boolean \"value\" for %2"_s.arg(where, m_config.flag));
    if (step == Step::Write)
        emit valueWritten(value.toBool());
    else
        emit valueRead(value.toBool());
}
