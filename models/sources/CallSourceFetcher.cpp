// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CallSourceFetcher.h"

#include "config/SecretResolver.h"
#include "sources/BoundedReply.h"

#include <QDateTime>
#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype ERROR_BODY_SNIPPET = 200;
} // namespace

CallSourceFetcher::CallSourceFetcher(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        abort();
    });
}

CallSourceFetcher::~CallSourceFetcher()
{
    for (const Pending &pending : std::as_const(m_pending)) {
        if (pending.reply) {
            pending.reply->disconnect(this);
            pending.reply->abort();
            pending.reply->deleteLater();
        }
    }
}

QUrl CallSourceFetcher::liteLlmSpendLogsUrl(const QString &baseUrl, std::optional<qint64> sinceMs, qint64 nowMs)
{
    QString base = baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    QUrl url(base + u"/spend/logs"_s);
    if (sinceMs) {
        // Raw rows (not per-day summaries) of whole UTC days; the caller filters to the exact window.
        QUrlQuery query;
        const QDate from = QDateTime::fromMSecsSinceEpoch(*sinceMs, Qt::UTC).date();
        const QDate to = QDateTime::fromMSecsSinceEpoch(std::max(nowMs, *sinceMs), Qt::UTC).date().addDays(1);
        query.addQueryItem(u"start_date"_s, from.toString(Qt::ISODate));
        query.addQueryItem(u"end_date"_s, to.toString(Qt::ISODate));
        query.addQueryItem(u"summarize"_s, u"false"_s);
        url.setQuery(query);
    }
    return url;
}

void CallSourceFetcher::fetch(const QList<CallSourceConfig> &sources, const QString &configDir,
                              std::optional<qint64> sinceMs)
{
    if (m_running)
        return;
    m_running = true;
    m_timedOut = false;
    m_inputs.clear();
    m_pending.clear();
    for (const CallSourceConfig &source : sources) {
        CallSourceInput input;
        const qsizetype index = m_inputs.size();
        switch (source.kind) {
        case CallSourceConfig::Kind::LiteLLM:
            if (source.path.isEmpty()) {
                input.format = CallLogFormat::LiteLlm;
                input.label = liteLlmSpendLogsUrl(source.baseUrl, std::nullopt, 0).toString();
                m_inputs.append(input);
                startLiteLlm(index, source, sinceMs);
                break;
            }
            [[fallthrough]]; // a LiteLLM spend-log file
        case CallSourceConfig::Kind::Otel:
        case CallSourceConfig::Kind::Jsonl: {
            input.format = source.kind == CallSourceConfig::Kind::Otel    ? CallLogFormat::Otel
                           : source.kind == CallSourceConfig::Kind::Jsonl ? CallLogFormat::Jsonl
                                                                          : CallLogFormat::LiteLlm;
            input.filePath = QDir::cleanPath(QDir(configDir).absoluteFilePath(source.path));
            input.label = input.filePath;
            QHash<QString, QString> overrides;
            for (auto it = source.fieldMap.begin(); it != source.fieldMap.end(); ++it)
                overrides.insert(it.key(), it.value());
            QString error;
            if (!input.mapping.applyOverrides(overrides, &error))
                input.errorString = u"%1: %2"_s.arg(input.label, error);
            m_inputs.append(input);
            break;
        }
        case CallSourceConfig::Kind::Langfuse:
            input.format = CallLogFormat::Langfuse;
            input.label = source.langfuse.baseUrl.isEmpty() ? u"langfuse"_s : source.langfuse.baseUrl;
            input.errorString = u"langfuse call sources are not read by this build yet (%1)"_s.arg(input.label);
            m_inputs.append(input);
            break;
        }
    }
    if (!m_pending.isEmpty())
        m_timeout.start(static_cast<int>(qBound<qint64>(1, m_timeoutMs, qint64(3600) * 1000)));
    // Always queued: the caller connects after fetch() returns.
    QMetaObject::invokeMethod(this, &CallSourceFetcher::finishIfDone, Qt::QueuedConnection);
}

void CallSourceFetcher::startLiteLlm(qsizetype index, const CallSourceConfig &source, std::optional<qint64> sinceMs)
{
    CallSourceInput &input = m_inputs[index];
    const QUrl url = liteLlmSpendLogsUrl(source.baseUrl, sinceMs, QDateTime::currentMSecsSinceEpoch());
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")) {
        input.errorString = u"the litellm base_url '%1' is not an http(s) URL; fix sources.calls in liftoff.yaml"_s.arg(source.baseUrl);
        return;
    }
    if (!m_nam) {
        input.errorString = u"%1: no network access in this context"_s.arg(input.label);
        return;
    }
    QNetworkRequest request(url);
    if (!source.key.name.isEmpty()) {
        QString error;
        const std::optional<QString> key = SecretResolver::resolve(source.key, &error);
        if (!key) {
            input.errorString = u"%1: master_key %2: %3"_s.arg(input.label, source.key.toString(), error);
            return;
        }
        m_secrets.append(*key);
        request.setRawHeader("Authorization", "Bearer " + key->toUtf8());
    }
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    Pending pending;
    pending.index = index;
    pending.reply = m_nam->get(request);
    connect(pending.reply, &QNetworkReply::readyRead, this, [this, index] { handleReadyRead(index); });
    connect(pending.reply, &QNetworkReply::finished, this, [this, index] { handleFinished(index); });
    m_pending.append(pending);
}

void CallSourceFetcher::handleReadyRead(qsizetype index)
{
    QNetworkReply *reply = nullptr;
    for (const Pending &pending : std::as_const(m_pending)) {
        if (pending.index == index)
            reply = pending.reply;
    }
    if (reply)
        appendBody(index, reply);
}

bool CallSourceFetcher::appendBody(qsizetype index, QNetworkReply *reply)
{
    CallSourceInput &input = m_inputs[index];
    if (!input.errorString.isEmpty())
        return false;
    if (!BoundedReply::readInto(reply, input.data, m_maxBytes)) {
        input.errorString = u"%1 answered more than %2 MiB; narrow the window"_s.arg(input.label).arg(m_maxBytes / (1024 * 1024));
        input.data.clear();
        reply->abort(); // its finished() follows, and finds the error set
        return false;
    }
    return true;
}

void CallSourceFetcher::handleFinished(qsizetype index)
{
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        if (m_pending.at(i).index != index)
            continue;
        QNetworkReply *reply = m_pending.at(i).reply;
        m_pending.removeAt(i);
        if (!reply)
            break;
        reply->disconnect(this);
        reply->deleteLater();
        appendBody(index, reply);
        CallSourceInput &input = m_inputs[index];
        if (!input.errorString.isEmpty())
            break;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (m_timedOut) {
            input.errorString = u"%1: no complete answer within %2 s"_s.arg(input.label).arg(m_timeoutMs / 1000);
        } else if (status == 0 || (reply->error() != QNetworkReply::NoError && status < 400)) {
            input.errorString = u"%1: %2"_s.arg(input.label, reply->errorString());
        } else if (status != 200) {
            const QString snippet = QString::fromUtf8(input.data.left(ERROR_BODY_SNIPPET)).simplified();
            input.errorString = status == 401 || status == 403
                ? u"%1 answered %2: the master key was refused (%3)"_s.arg(input.label).arg(status).arg(snippet)
                : u"%1 answered %2 (%3)"_s.arg(input.label).arg(status).arg(snippet);
        }
        if (!input.errorString.isEmpty()) {
            for (const QString &secret : std::as_const(m_secrets))
                input.errorString.replace(secret, u"••••"_s);
            input.data.clear();
        }
        break;
    }
    finishIfDone();
}

void CallSourceFetcher::abort()
{
    const QList<Pending> pending = m_pending;
    for (const Pending &p : pending) {
        if (p.reply)
            p.reply->abort(); // finished() of the reply follows synchronously
    }
}

void CallSourceFetcher::finishIfDone()
{
    if (!m_running || !m_pending.isEmpty())
        return;
    m_running = false;
    m_timeout.stop();
    emit finished(m_inputs);
}
