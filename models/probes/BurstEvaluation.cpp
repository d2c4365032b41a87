// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/BurstEvaluation.h"

#include "probes/ConditionEvaluator.h"
#include "probes/MapPlaceholderResolver.h"

#include <QLocale>
#include <QMap>

using namespace Qt::StringLiterals;

namespace BurstEvaluation {

namespace {
constexpr qsizetype MAX_HEADER_VALUE = 300;
constexpr int MAX_LIMIT_HEADERS = 16;
/** A year: longer Retry-After values are kept verbatim but not believed. */
constexpr qint64 MAX_RETRY_AFTER_S = 365LL * 24 * 3600;

QString histogramText(const QMap<int, int> &counts)
{
    QStringList parts;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        parts.append(u"%1×%2"_s.arg(it.key() == 0 ? u"no answer"_s : QString::number(it.key())).arg(it.value()));
    return parts.join(u", "_s);
}

int limitedAt(const Observation &o)
{
    return o.stop == Stop::Expected ? static_cast<int>(o.answers.size()) : 0;
}
} // namespace

Stop stopAfter(const Answer &answer, int expectStatus, bool hasRetryAfter)
{
    if (answer.status == 0)
        return Stop::NetworkError;
    if (answer.status == expectStatus)
        return Stop::Expected;
    if (answer.status == 503)
        return Stop::Overloaded;
    if (answer.status == 429)
        return Stop::OtherLimit;
    if (hasRetryAfter)
        return Stop::RetryAfter;
    return Stop::None;
}

std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty() || text.size() > 64)
        return std::nullopt;
    bool allDigits = true;
    for (const char c : text)
        allDigits = allDigits && c >= '0' && c <= '9';
    if (allDigits) {
        bool ok = false;
        const qint64 seconds = text.toLongLong(&ok);
        if (!ok || seconds > MAX_RETRY_AFTER_S)
            return std::nullopt;
        return seconds;
    }
    // HTTP-date: IMF-fixdate, plus the obsolete RFC 850 and asctime forms a recipient must accept.
    const QString s = QString::fromLatin1(text).simplified();
    QDateTime date;
    if (s.endsWith(u" GMT"_s)) {
        const QString bare = s.chopped(4);
        const QLocale c = QLocale::c();
        date = c.toDateTime(bare, u"ddd, dd MMM yyyy HH:mm:ss"_s);
        if (!date.isValid() && bare.contains(u'-')) {
            // RFC 850: the weekday is skipped because Qt reads "yy" as 19yy, where it would not match.
            date = c.toDateTime(bare.mid(bare.indexOf(u' ') + 1), u"dd-MMM-yy HH:mm:ss"_s);
        }
        if (date.isValid() && date.date().year() < 1970)
            date = date.addYears(100); // two-digit years of RFC 850
    } else {
        date = QLocale::c().toDateTime(s, u"ddd MMM d HH:mm:ss yyyy"_s);
    }
    if (!date.isValid())
        return std::nullopt;
    date.setTimeSpec(Qt::UTC);
    const qint64 seconds = now.secsTo(date);
    if (seconds > MAX_RETRY_AFTER_S)
        return std::nullopt;
    return qMax<qint64>(0, seconds);
}

QJsonObject limitHeaders(const QList<QNetworkReply::RawHeaderPair> &headers)
{
    QJsonObject out;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (!lower.startsWith("ratelimit") && !lower.startsWith("x-ratelimit") && !lower.startsWith("x-rate-limit")
            && lower != "retry-after")
            continue;
        if (out.size() >= MAX_LIMIT_HEADERS)
            break;
        out.insert(QString::fromLatin1(lower.left(64)), QString::fromUtf8(value.left(MAX_HEADER_VALUE)));
    }
    return out;
}

QVariantMap placeholders(const Observation &o)
{
    QVariantMap values;
    values.insert(u"REQUESTS"_s, static_cast<int>(o.answers.size()));
    const int k = limitedAt(o);
    values.insert(u"LIMITED_AT"_s, k > 0 ? QVariant(k) : QVariant());
    values.insert(u"RETRY_AFTER"_s, o.retryAfterSeconds ? QVariant(*o.retryAfterSeconds) : QVariant());
    return values;
}

ProbeResult evaluate(const Observation &o, const QStringList &conditions)
{
    ProbeResult result;
    const int sent = static_cast<int>(o.answers.size());
    const int k = limitedAt(o);
    QMap<int, int> counts;
    for (const Answer &answer : o.answers)
        ++counts[answer.status];

    QJsonObject evidence {{u"url"_s, o.displayUrl},
                          {u"method"_s, o.method},
                          {u"requestsSent"_s, sent},
                          {u"maxRequests"_s, o.maxRequests},
                          {u"windowMs"_s, o.windowMs},
                          {u"expect"_s, o.expectStatus},
                          {u"elapsedMs"_s, o.elapsedMs}};
    QJsonObject statuses;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        statuses.insert(it.key() == 0 ? u"none"_s : QString::number(it.key()), it.value());
    evidence.insert(u"statuses"_s, statuses);
    if (k > 0)
        evidence.insert(u"limitedAt"_s, k);
    if (!o.retryAfter.isEmpty())
        evidence.insert(u"retryAfter"_s, o.retryAfter);
    if (o.retryAfterSeconds)
        evidence.insert(u"retryAfterSeconds"_s, *o.retryAfterSeconds);
    if (!o.limitHeaders.isEmpty())
        evidence.insert(u"rateLimitHeaders"_s, o.limitHeaders);
    if (o.windowEnded)
        evidence.insert(u"windowEnded"_s, true);
    if (!o.answers.isEmpty() && !o.answers.last().error.isEmpty())
        evidence.insert(u"error"_s, o.answers.last().error);
    result.evidence = evidence;

    if (sent == 0 || (sent == 1 && o.stop == Stop::NetworkError)) {
        result.status = Status::Error;
        result.summary = u"%1 %2: %3"_s.arg(o.method, o.displayUrl,
                                             sent == 0 ? u"no request was sent"_s : o.answers.first().error);
        return result;
    }

    const QStringList effective = conditions.isEmpty() ? QStringList {u"[LIMITED_AT] <= %1"_s.arg(o.maxRequests)}
                                                        : conditions;
    const MapPlaceholderResolver resolver(placeholders(o));
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(effective, resolver);
    for (const ConditionOutcome &outcome : outcomes)
        result.conditions.append(outcome.toJson());
    const bool holds = ConditionEvaluator::allHold(outcomes);

    const QString retry = o.retryAfter.isEmpty() ? u"no Retry-After"_s
                                                 : u"Retry-After %1"_s.arg(o.retryAfter.left(64));
    const QString last = sent > 0 ? QString::number(o.answers.last().status) : QString();
    QString summary;
    switch (o.stop) {
    case Stop::Expected:
        summary = u"%1 after %2 requests in %3 ms (%4)"_s.arg(o.expectStatus).arg(k).arg(o.elapsedMs).arg(retry);
        break;
    case Stop::Overloaded:
        summary = u"answered 503 at request %1 instead of %2; stopped (an overloaded service, not a rate limiter?)"_s
                      .arg(sent)
                      .arg(o.expectStatus);
        break;
    case Stop::OtherLimit:
        summary = u"answered 429 at request %1, expected %2 (%3)"_s.arg(sent).arg(o.expectStatus).arg(retry);
        break;
    case Stop::RetryAfter:
        summary = u"request %1 answered %2 with Retry-After %3; stopped without seeing %4"_s.arg(sent)
                      .arg(last, o.retryAfter.left(64))
                      .arg(o.expectStatus);
        break;
    case Stop::NetworkError:
        summary = u"request %1 got no answer (%2); no %3 seen before"_s.arg(sent)
                      .arg(o.answers.last().error)
                      .arg(o.expectStatus);
        break;
    case Stop::None:
        summary = u"no limit seen within %1 requests (%2)"_s.arg(sent).arg(histogramText(counts));
        if (o.windowEnded)
            summary += u"; the %1 ms window ended before all %2 were sent"_s.arg(o.windowMs).arg(o.maxRequests);
        break;
    }
    if (conditions.isEmpty()) {
        result.status = o.stop == Stop::Expected && holds ? Status::Pass : Status::Fail;
    } else {
        result.status = holds ? Status::Pass : Status::Fail;
        if (!holds) {
            QStringList failed;
            for (const ConditionOutcome &outcome : outcomes) {
                if (!outcome.ok)
                    failed.append(u"%1 (actual %2)"_s.arg(outcome.expression, outcome.actual));
            }
            summary += u"; failed: "_s + failed.join(u"; "_s);
        }
    }
    result.summary = summary;
    return result;
}

} // namespace BurstEvaluation
