// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CostSource.h"

#include "config/SecretResolver.h"
#include "scan/SecretRedactor.h"
#include "sources/AnthropicCostSource.h"
#include "sources/BoundedReply.h"
#include "sources/LangfuseCostSource.h"
#include "sources/LiteLlmCostSource.h"
#include "sources/OpenAiCostSource.h"
#include "sources/OpenRouterCostSource.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype ERROR_BODY_SNIPPET = 200;

QString sizeText(qint64 bytes)
{
    if (bytes % (1024 * 1024) == 0)
        return u"%1 MiB"_s.arg(bytes / (1024 * 1024));
    return u"%1 bytes"_s.arg(bytes);
}
} // namespace

CostSource::CostSource(QNetworkAccessManager *nam, QString providerName, QString sourceId, QUrl baseUrl,
                       QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_providerName(std::move(providerName))
    , m_baseUrl(std::move(baseUrl))
{
    m_snapshot.source = std::move(sourceId);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
}

CostSource::~CostSource()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

std::unique_ptr<CostSource> CostSource::create(QNetworkAccessManager *nam, const CostSourceConfig &config,
                                               QObject *parent)
{
    switch (config.kind) {
    case CostSourceConfig::Kind::OpenAI:
        return std::make_unique<OpenAiCostSource>(nam, config, parent);
    case CostSourceConfig::Kind::Anthropic:
        return std::make_unique<AnthropicCostSource>(nam, config, parent);
    case CostSourceConfig::Kind::LiteLLM:
        return std::make_unique<LiteLlmCostSource>(nam, config, parent);
    case CostSourceConfig::Kind::OpenRouter:
        return std::make_unique<OpenRouterCostSource>(nam, config, parent);
    case CostSourceConfig::Kind::Langfuse:
        return std::make_unique<LangfuseCostSource>(nam, config, parent);
    }
    return nullptr;
}

void CostSource::setLimits(qint64 maxPageBytes, int maxPages, qint64 pageTimeoutMs)
{
    m_maxPageBytes = qMax<qint64>(1, maxPageBytes);
    m_maxPages = qMax(1, maxPages);
    m_pageTimeoutMs = qMax<qint64>(1, pageTimeoutMs);
}

void CostSource::fetch(const QDate &from, const QDateTime &now)
{
    if (m_running)
        return;
    m_running = true;
    m_succeeded = false;
    m_cancelled = false;
    m_error.clear();
    m_pages = 0;
    m_from = from;
    m_now = now.toUTC();
    const QString id = m_snapshot.source;
    m_snapshot = CostSnapshot();
    m_snapshot.source = id;
    m_snapshot.fetchedAt = m_now;
    const QString scheme = m_baseUrl.scheme();
    if (!m_baseUrl.isValid() || (scheme != u"http" && scheme != u"https") || m_baseUrl.host().isEmpty()) {
        fail(u"the base URL '%1' is not an http(s) URL"_s.arg(m_baseUrl.toString(QUrl::RemoveUserInfo)));
        return;
    }
    if (!from.isValid() || from > m_now.date()) {
        fail(u"the first day to read (%1) is not before now"_s.arg(from.toString(Qt::ISODate)));
        return;
    }
    begin();
}

void CostSource::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    if (m_reply)
        m_reply->abort();
}

std::optional<QString> CostSource::secret(const SecretRef &ref, const QString &field)
{
    if (ref.name.isEmpty()) {
        fail(u"no %1 configured"_s.arg(field));
        return std::nullopt;
    }
    QString error;
    const std::optional<QString> value = SecretResolver::resolve(ref, &error);
    if (!value) {
        fail(u"%1: %2"_s.arg(field, error));
        return std::nullopt;
    }
    if (!value->isEmpty())
        m_secrets.append(*value);
    return value;
}

void CostSource::getCursorPages(const QString &path, CursorQuery query, Headers headers, CursorPageParser parse)
{
    m_cursorPath = path;
    m_cursorQuery = std::move(query);
    m_cursorHeaders = std::move(headers);
    m_cursorParse = std::move(parse);
    m_cursors.clear();
    requestCursorPage({});
}

void CostSource::requestCursorPage(const QString &cursor)
{
    QList<std::pair<QString, QString>> query = m_cursorQuery(cursor);
    if (!cursor.isEmpty())
        query.append({u"page"_s, cursor});
    get(m_cursorPath, query, m_cursorHeaders, [this](const QByteArray &body) {
        QString next;
        bool hasMore = false;
        const QString error = m_cursorParse(body, &next, &hasMore);
        if (!error.isEmpty()) {
            fail(u"%1 page %2: %3"_s.arg(m_cursorPath).arg(m_cursors.size() + 1).arg(error));
            return;
        }
        if (!hasMore) {
            succeed();
            return;
        }
        if (next.isEmpty() || m_cursors.contains(next)) {
            fail(u"%1 says has_more but gives %2 next_page; stopped"_s.arg(
                m_cursorPath, next.isEmpty() ? u"no"_s : u"a repeated"_s));
            return;
        }
        m_cursors.insert(next);
        requestCursorPage(next);
    });
}

void CostSource::get(const QString &path, const QList<std::pair<QString, QString>> &query, const Headers &headers,
                     PageHandler onPage, ErrorHandler onError)
{
    if (m_cancelled) {
        fail(u"cancelled"_s);
        return;
    }
    if (m_pages >= m_maxPages) {
        fail(u"more than %1 pages from %2; stopped reading (narrow the date range)"_s.arg(m_maxPages).arg(path));
        return;
    }
    ++m_pages;
    QUrl url = m_baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    QUrlQuery q;
    for (const auto &[key, value] : query)
        q.addQueryItem(QString::fromUtf8(QUrl::toPercentEncoding(key)), QString::fromUtf8(QUrl::toPercentEncoding(value)));
    url.setQuery(q);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Liftoff (cost adapter)"_s);
    request.setRawHeader("Accept", "application/json");
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    m_path = path;
    m_onPage = std::move(onPage);
    m_onError = std::move(onError);
    m_body.clear();
    m_tooLarge = false;
    m_timedOut = false;
    m_reply = m_nam->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &CostSource::handleReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &CostSource::handleFinished);
    m_timeout.start(static_cast<int>(qMin<qint64>(m_pageTimeoutMs, 3600 * 1000)));
}

void CostSource::handleReadyRead()
{
    if (!m_reply || m_tooLarge)
        return;
    if (!BoundedReply::readInto(m_reply, m_body, m_maxPageBytes)) {
        m_tooLarge = true;
        m_reply->abort();
    }
}

void CostSource::handleFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_timeout.stop();
    if (!m_tooLarge)
        handleReadyRead();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const PageHandler onPage = std::move(m_onPage);
    const ErrorHandler onError = std::move(m_onError);
    m_onPage = {};
    m_onError = {};
    QString problem;
    if (m_cancelled) {
        fail(u"cancelled"_s);
        return;
    }
    if (m_tooLarge) {
        problem = u"the answer of %1 is larger than %2; refused"_s.arg(m_path, sizeText(m_maxPageBytes));
    } else if (m_timedOut) {
        problem = u"no complete answer from %1 within %2 ms"_s.arg(m_path).arg(m_pageTimeoutMs);
    } else if (status == 429) {
        const QByteArray retryAfter = reply->rawHeader("Retry-After").trimmed().left(40);
        problem = retryAfter.isEmpty()
            ? u"HTTP 429 (rate limited) from %1; try again later"_s.arg(m_path)
            : u"HTTP 429 (rate limited) from %1; Retry-After: %2 (try again after that)"_s.arg(
                  m_path, QString::fromLatin1(retryAfter));
    } else if (status >= 300 || (status == 0 && reply->error() != QNetworkReply::NoError)) {
        const QString snippet = QString::fromUtf8(m_body.left(ERROR_BODY_SNIPPET)).simplified();
        if (status == 0) {
            problem = u"%1: %2"_s.arg(m_path, reply->errorString());
        } else {
            QString hint;
            if (status == 401 || status == 403)
                hint = u" (check the key: it must be an admin key with access to spend data)"_s;
            problem = u"HTTP %1 from %2%3%4"_s.arg(status).arg(m_path, hint,
                                                      snippet.isEmpty() ? QString() : u": "_s + snippet);
        }
    }
    if (!problem.isEmpty()) {
        if (onError) {
            onError(SecretRedactor::redact(problem, m_secrets));
            return;
        }
        fail(problem);
        return;
    }
    const QByteArray body = std::exchange(m_body, QByteArray());
    onPage(body);
}

QString CostSource::parseJson(const QByteArray &body, QJsonDocument *document)
{
    QJsonParseError error;
    *document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return u"malformed JSON at byte %1 (%2)"_s.arg(error.offset).arg(error.errorString());
    return {};
}

void CostSource::fail(const QString &message)
{
    m_error = SecretRedactor::redact(u"%1: %2"_s.arg(m_providerName, message), m_secrets);
    finish(false);
}

void CostSource::succeed()
{
    m_snapshot.monthToDateNanoUsd = m_snapshot.dailyHistory ? m_snapshot.monthToDate(m_now.date())
                                                            : m_snapshot.monthToDateNanoUsd;
    finish(true);
}

void CostSource::finish(bool ok)
{
    if (!m_running)
        return;
    m_running = false;
    m_succeeded = ok;
    m_secrets.clear();
    // Always after the caller's fetch() returned, so it can connect first.
    QMetaObject::invokeMethod(this, &CostSource::finished, Qt::QueuedConnection);
}
