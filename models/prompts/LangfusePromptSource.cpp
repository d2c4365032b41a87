// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/LangfusePromptSource.h"

#include "config/SecretResolver.h"
#include "prompts/LangfusePromptParser.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

LangfusePromptSource::LangfusePromptSource(QNetworkAccessManager *nam, LangfuseConfig config, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_config(std::move(config))
{
    m_catalog.source = PromptCatalog::Source::Langfuse;
}

LangfusePromptSource::~LangfusePromptSource()
{
    m_done = true;
    for (const QPointer<QNetworkReply> &reply : std::as_const(m_inFlight)) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
}

void LangfusePromptSource::start()
{
    QString error;
    const std::optional<QString> publicKey = SecretResolver::resolve(m_config.publicKey, &error);
    const std::optional<QString> secretKey = publicKey ? SecretResolver::resolve(m_config.secretKey, &error)
                                                       : std::nullopt;
    if (!publicKey || !secretKey) {
        QTimer::singleShot(0, this, [this, error] { fail(u"Langfuse prompts: %1"_s.arg(error)); });
        return;
    }
    const QByteArray credentials = publicKey->toUtf8() + ':' + secretKey->toUtf8();
    m_authorization = "Basic " + credentials.toBase64();
    const QUrl base(m_config.baseUrl);
    if (!base.isValid() || (base.scheme() != u"https" && base.scheme() != u"http")) {
        QTimer::singleShot(0, this, [this] { fail(u"Langfuse prompts: base_url is not an http(s) URL"_s); });
        return;
    }
    if (m_config.names.isEmpty()) {
        QTimer::singleShot(0, this, [this] {
            fail(u"Langfuse prompts: no prompt `names` configured under prompts.langfuse in liftoff.yaml"_s);
        });
        return;
    }
    for (const QString &name : std::as_const(m_config.names))
        m_queue.append({name, 0});
    pump();
}

void LangfusePromptSource::cancel()
{
    fail(u"cancelled"_s);
}

QUrl LangfusePromptSource::urlFor(const Job &job) const
{
    QString base = m_config.baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    if (job.version == 0) {
        QUrl url(base + u"/api/public/v2/prompts"_s);
        QUrlQuery query;
        query.addQueryItem(u"name"_s, QString::fromUtf8(QUrl::toPercentEncoding(job.name)));
        query.addQueryItem(u"limit"_s, u"50"_s);
        url.setQuery(query);
        return url;
    }
    // Folder names (a/b/c) are one path segment, so the slashes are encoded too.
    QUrl url(base + u"/api/public/v2/prompts/"_s + QString::fromLatin1(QUrl::toPercentEncoding(job.name)),
             QUrl::StrictMode);
    QUrlQuery query;
    query.addQueryItem(u"version"_s, QString::number(job.version));
    url.setQuery(query);
    return url;
}

void LangfusePromptSource::pump()
{
    m_inFlight.removeIf([](const QPointer<QNetworkReply> &r) { return r.isNull(); });
    while (!m_done && !m_queue.isEmpty() && m_inFlight.size() < MAX_IN_FLIGHT) {
        const Job job = m_queue.takeFirst();
        QNetworkRequest request(urlFor(job));
        request.setRawHeader("Authorization", m_authorization);
        request.setRawHeader("Accept", "application/json");
        request.setTransferTimeout(TIMEOUT_MS);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
        QNetworkReply *reply = m_nam->get(request);
        m_inFlight.append(reply);
        connect(reply, &QNetworkReply::downloadProgress, this, [reply](qint64 received, qint64) {
            if (received > MAX_BODY_BYTES)
                reply->abort(); // bounded: a prompt answer is never this large
        });
        connect(reply, &QNetworkReply::finished, this, [this, reply, job] { handleReply(reply, job); });
    }
    if (!m_done && m_queue.isEmpty() && m_inFlight.isEmpty())
        complete();
}

void LangfusePromptSource::handleReply(QNetworkReply *reply, const Job &job)
{
    reply->deleteLater();
    m_inFlight.removeAll(reply);
    if (m_done)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString what = job.version == 0 ? u"the version list of %1"_s.arg(job.name)
                                          : u"%1 version %2"_s.arg(job.name).arg(job.version);
    if (reply->error() == QNetworkReply::OperationCanceledError) {
        fail(u"Langfuse prompts: %1 was cut off (larger than %2 bytes or too slow)"_s.arg(what).arg(MAX_BODY_BYTES));
        return;
    }
    if (status == 401 || status == 403) {
        fail(u"Langfuse prompts: %1 refused the keys (HTTP %2); check prompts.langfuse public_key and secret_key"_s
                 .arg(m_config.baseUrl)
                 .arg(status));
        return;
    }
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        fail(u"Langfuse prompts: reading %1 failed: %2"_s.arg(what, status ? u"HTTP %1"_s.arg(status) : reply->errorString()));
        return;
    }
    const QByteArray body = reply->read(MAX_BODY_BYTES + 1);
    if (body.size() > MAX_BODY_BYTES) {
        fail(u"Langfuse prompts: %1 is larger than %2 bytes"_s.arg(what).arg(MAX_BODY_BYTES));
        return;
    }
    QString error;
    if (job.version == 0) {
        const std::optional<QList<int>> versions = LangfusePromptParser::parseVersionList(body, job.name, &error);
        if (!versions) {
            fail(u"Langfuse prompts: %1: %2"_s.arg(what, error));
            return;
        }
        if (versions->isEmpty()) {
            fail(u"Langfuse prompts: no prompt named %1 in the project"_s.arg(job.name));
            return;
        }
        if (versions->size() > MAX_VERSIONS)
            m_catalog.truncated = true;
        m_versions.insert(job.name, {});
        for (int v : versions->mid(0, MAX_VERSIONS))
            m_queue.append({job.name, v});
    } else {
        std::optional<PromptVersion> version = LangfusePromptParser::parseVersion(body, &error);
        if (!version) {
            fail(u"Langfuse prompts: %1: %2"_s.arg(what, error));
            return;
        }
        m_versions[job.name].append(*version);
    }
    pump();
}

void LangfusePromptSource::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    for (const QPointer<QNetworkReply> &reply : std::as_const(m_inFlight)) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
    m_inFlight.clear();
    m_catalog.ok = false;
    m_catalog.error = message;
    emit finished(m_catalog);
}

void LangfusePromptSource::complete()
{
    m_done = true;
    for (auto it = m_versions.begin(); it != m_versions.end(); ++it) {
        PromptHistory history;
        history.name = it.key();
        history.versions = it.value();
        std::sort(history.versions.begin(), history.versions.end(),
                  [](const PromptVersion &a, const PromptVersion &b) { return a.id.toInt() > b.id.toInt(); });
        m_catalog.prompts.append(history);
    }
    std::sort(m_catalog.prompts.begin(), m_catalog.prompts.end(),
              [](const PromptHistory &a, const PromptHistory &b) { return a.name < b.name; });
    m_catalog.ok = true;
    emit finished(m_catalog);
}
