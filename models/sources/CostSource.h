// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/CostSourceConfig.h"
#include "sources/CostSnapshot.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

/**
 * A cost adapter: reads one provider's spend into a CostSnapshot, asynchronously with the shared
 * QNetworkAccessManager. The base class does the HTTP part every adapter shares: pages bounded in
 * size and number, a timeout per page, errors that name the provider, the endpoint and the HTTP
 * status (429 with its Retry-After), and secret values resolved at run time and redacted from every
 * message. Subclasses build requests and parse pages. One finished() per fetch(), also after cancel().
 */
class CostSource : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostSource)

public:
    static constexpr qint64 DEFAULT_MAX_PAGE_BYTES = 8 * 1024 * 1024;
    static constexpr int DEFAULT_MAX_PAGES = 100;
    static constexpr qint64 DEFAULT_PAGE_TIMEOUT_MS = 20000;

    ~CostSource() override;

    /** The adapter for a `sources.cost` entry; its base_url (when set) replaces the provider's. */
    static std::unique_ptr<CostSource> create(QNetworkAccessManager *nam, const CostSourceConfig &config,
                                              QObject *parent = nullptr);

    /** Reads the UTC days from `from` through the day of `now`. */
    void fetch(const QDate &from, const QDateTime &now);
    void cancel();
    bool isRunning() const { return m_running; }

    void setLimits(qint64 maxPageBytes, int maxPages, qint64 pageTimeoutMs);
    QUrl baseUrl() const { return m_baseUrl; }
    /** "OpenAI", "Anthropic", ... as errors name it. */
    QString providerName() const { return m_providerName; }

    bool succeeded() const { return m_succeeded; }
    const CostSnapshot &snapshot() const { return m_snapshot; }
    /** Why the fetch failed; names the provider and never holds a secret value. */
    QString errorString() const { return m_error; }

    /** Parses a page; on failure the message says where the JSON broke. Pure. */
    static QString parseJson(const QByteArray &body, QJsonDocument *document);

signals:
    void finished();

protected:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    /** Called with the whole (bounded) body of a 2xx answer. */
    using PageHandler = std::function<void(const QByteArray &body)>;
    /** Called instead of failing the fetch when a non-2xx answer or a network error is acceptable. */
    using ErrorHandler = std::function<void(const QString &message)>;

    CostSource(QNetworkAccessManager *nam, QString providerName, QString sourceId, QUrl baseUrl,
               QObject *parent = nullptr);

    /** Resolves the credentials and sends the first request; fail() when a secret is missing. */
    virtual void begin() = 0;

    /** GET base + path with query; `what` names the endpoint in errors. Counts against the page limit. */
    void get(const QString &path, const QList<std::pair<QString, QString>> &query, const Headers &headers,
             PageHandler onPage, ErrorHandler onError = {});
    /** The query of one page; `cursor` is empty for the first page. */
    using CursorQuery = std::function<QList<std::pair<QString, QString>>(const QString &cursor)>;
    /** Parses a cursor page into m_snapshot; an error text when it is not the expected page. */
    using CursorPageParser = std::function<QString(const QByteArray &body, QString *nextPage, bool *hasMore)>;
    /**
     * GETs `path` page after page (the `page` query item carries the cursor) while the answer says
     * has_more, then succeed(). A missing or repeated next_page stops with an error instead of
     * looping; errors name the page number.
     */
    void getCursorPages(const QString &path, CursorQuery query, Headers headers, CursorPageParser parse);
    /** Resolves a secret reference, remembering the value for redaction; nullopt after fail(). */
    std::optional<QString> secret(const SecretRef &ref, const QString &field);
    void fail(const QString &message);
    void succeed();

    QDate m_from;
    QDateTime m_now;
    CostSnapshot m_snapshot;

private:
    void requestCursorPage(const QString &cursor);
    void handleReadyRead();
    void handleFinished();
    void finish(bool ok);

    QNetworkAccessManager *m_nam;
    QString m_providerName;
    QUrl m_baseUrl;
    qint64 m_maxPageBytes = DEFAULT_MAX_PAGE_BYTES;
    int m_maxPages = DEFAULT_MAX_PAGES;
    qint64 m_pageTimeoutMs = DEFAULT_PAGE_TIMEOUT_MS;

    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QByteArray m_body;
    QString m_path;
    PageHandler m_onPage;
    ErrorHandler m_onError;
    int m_pages = 0;
    bool m_tooLarge = false;
    bool m_timedOut = false;
    bool m_cancelled = false;
    bool m_running = false;
    bool m_succeeded = false;
    QString m_error;
    QStringList m_secrets;
    // The cursor paging of getCursorPages().
    QString m_cursorPath;
    CursorQuery m_cursorQuery;
    Headers m_cursorHeaders;
    CursorPageParser m_cursorParse;
    QSet<QString> m_cursors;
};
