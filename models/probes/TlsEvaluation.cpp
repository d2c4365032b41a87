// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/TlsEvaluation.h"

#include "probes/ConditionEvaluator.h"
#include "probes/ConditionValue.h"
#include "probes/MapPlaceholderResolver.h"
#include "report/ChecklistReport.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace TlsEvaluation {

namespace {
constexpr qsizetype MAX_HEADER_IN_EVIDENCE = 300;

QString versionText(double version)
{
    return version > 0 ? u"TLS "_s + QString::number(version, 'f', 1) : u"unknown"_s;
}

QString shortHeader(const QByteArray &value)
{
    return QString::fromLatin1(value.left(MAX_HEADER_IN_EVIDENCE));
}

/** Index of the certificate with the fewest days left, or -1 for an empty chain. */
qsizetype earliestExpiry(const QList<Certificate> &chain)
{
    qsizetype best = -1;
    for (qsizetype i = 0; i < chain.size(); ++i) {
        if (best < 0 || chain.at(i).notAfter < chain.at(best).notAfter)
            best = i;
    }
    return best;
}

QList<SslProblem> chainErrors(const Observation &o)
{
    QList<SslProblem> out;
    for (const SslProblem &p : o.sslErrors) {
        if (!isHostnameError(p.name))
            out.append(p);
    }
    return out;
}

bool hostnameOk(const Observation &o)
{
    return std::none_of(o.sslErrors.begin(), o.sslErrors.end(),
                        [](const SslProblem &p) { return isHostnameError(p.name); });
}

bool hstsOk(const Observation &o)
{
    return o.hsts && hstsMaxAge(*o.hsts) > 0;
}

bool httpOk(const Observation &o)
{
    return redirectsToHttps(o.httpStatus, o.httpLocation, QUrl(o.httpUrl));
}

/** Each problem in plain words, worst first: the summary of a failing run with default conditions. */
QStringList problemsOf(const Observation &o)
{
    QStringList problems;
    if (!o.connected) {
        problems.append(u"no TLS connection to %1:%2: %3"_s.arg(o.host).arg(o.port).arg(o.connectError));
    } else {
        if (o.tlsVersion > 0 && o.tlsVersion < 1.2)
            problems.append(u"negotiated %1, below TLS 1.2"_s.arg(versionText(o.tlsVersion)));
        const QList<SslProblem> chain = chainErrors(o);
        if (!chain.isEmpty()) {
            QStringList names;
            for (const SslProblem &p : chain)
                names.append(p.certificate.isEmpty() ? p.name : u"%1 (%2)"_s.arg(p.name, p.certificate));
            names.removeDuplicates();
            problems.append(u"certificate chain not valid: %1"_s.arg(names.join(u", "_s)));
        }
        if (!hostnameOk(o))
            problems.append(u"the certificate is not valid for host %1 (HostNameMismatch)"_s.arg(o.host));
        for (const Certificate &c : o.chain) {
            const qint64 days = daysLeft(c.notAfter, o.now);
            if (c.notAfter < o.now)
                problems.append(u"certificate %1 expired on %2"_s.arg(c.subject, c.notAfter.toString(Qt::ISODate)));
            else if (c.notBefore.isValid() && c.notBefore > o.now)
                problems.append(u"certificate %1 is not valid before %2"_s.arg(c.subject, c.notBefore.toString(Qt::ISODate)));
            else if (days < o.minDays)
                problems.append(u"certificate %1 expires in %2 days (minimum %3)"_s.arg(c.subject).arg(days).arg(o.minDays));
        }
        if (o.httpsStatus == 0)
            problems.append(u"no HTTPS answer to check HSTS: %1"_s.arg(o.httpsError));
        else if (!o.hsts)
            problems.append(u"no Strict-Transport-Security header on the HTTPS answer"_s);
        else if (!hstsOk(o))
            problems.append(u"Strict-Transport-Security without a positive max-age: %1"_s.arg(shortHeader(*o.hsts)));
    }
    if (!httpOk(o)) {
        if (o.httpStatus == 0)
            problems.append(u"plain %1 did not answer: %2"_s.arg(o.httpUrl, o.httpError));
        else if (!o.httpLocation.isEmpty())
            problems.append(u"plain %1 answers %2 to %3, not to https:// on the same host"_s.arg(o.httpUrl)
                                .arg(o.httpStatus)
                                .arg(o.httpLocation));
        else
            problems.append(u"plain %1 answers %2 instead of redirecting to https://"_s.arg(o.httpUrl).arg(o.httpStatus));
    }
    return problems;
}

QStringList remarksOf(const Observation &o)
{
    QStringList remarks;
    if (o.hsts) {
        const qint64 maxAge = hstsMaxAge(*o.hsts);
        if (maxAge > 0 && maxAge < ONE_YEAR_SECONDS)
            remarks.append(u"HSTS max-age %1 s is below one year"_s.arg(maxAge));
    }
    if (httpOk(o) && (o.httpStatus == 302 || o.httpStatus == 307))
        remarks.append(u"the http:// redirect is temporary (%1), a permanent 301/308 is better"_s.arg(o.httpStatus));
    return remarks;
}

QJsonObject evidenceOf(const Observation &o)
{
    QJsonObject evidence {{u"url"_s, o.displayUrl}, {u"host"_s, o.host}, {u"port"_s, o.port}};
    if (!o.connected)
        evidence.insert(u"error"_s, o.connectError);
    if (o.tlsVersion > 0)
        evidence.insert(u"protocol"_s, versionText(o.tlsVersion));
    QJsonArray certificates;
    for (const Certificate &c : o.chain) {
        certificates.append(QJsonObject {{u"subject"_s, c.subject},
                                         {u"issuer"_s, c.issuer},
                                         {u"notAfter"_s, c.notAfter.toUTC().toString(Qt::ISODate)},
                                         {u"daysLeft"_s, daysLeft(c.notAfter, o.now)}});
    }
    if (!certificates.isEmpty())
        evidence.insert(u"certificates"_s, certificates);
    const qsizetype earliest = earliestExpiry(o.chain);
    if (earliest >= 0) {
        evidence.insert(u"minChainDays"_s, daysLeft(o.chain.at(earliest).notAfter, o.now));
        evidence.insert(u"minChainCertificate"_s, o.chain.at(earliest).subject);
    }
    QJsonArray errors;
    for (const SslProblem &p : o.sslErrors) {
        QJsonObject e {{u"name"_s, p.name}, {u"description"_s, p.description}};
        if (!p.certificate.isEmpty())
            e.insert(u"certificate"_s, p.certificate);
        errors.append(e);
    }
    evidence.insert(u"sslErrors"_s, errors);
    if (o.httpsStatus > 0)
        evidence.insert(u"httpsStatus"_s, o.httpsStatus);
    if (!o.httpsError.isEmpty())
        evidence.insert(u"httpsError"_s, o.httpsError);
    if (o.hsts) {
        evidence.insert(u"hsts"_s, shortHeader(*o.hsts));
        evidence.insert(u"hstsMaxAge"_s, hstsMaxAge(*o.hsts));
        evidence.insert(u"hstsIncludeSubDomains"_s, hstsIncludesSubDomains(*o.hsts));
    }
    evidence.insert(u"httpUrl"_s, o.httpUrl);
    if (o.httpStatus > 0)
        evidence.insert(u"httpStatus"_s, o.httpStatus);
    if (!o.httpLocation.isEmpty())
        evidence.insert(u"httpLocation"_s, o.httpLocation);
    if (!o.httpError.isEmpty())
        evidence.insert(u"httpError"_s, o.httpError);
    return ChecklistReport::redactEvidence(evidence);
}
} // namespace

std::optional<QByteArray> ResponseHead::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

QStringList defaultConditions(int minDays)
{
    return {u"[CONNECTED] == true"_s,
            u"[TLS_VERSION] >= 1.2"_s,
            u"[CHAIN_VALID] == true"_s,
            u"[HOSTNAME_VALID] == true"_s,
            u"[MIN_CHAIN_DAYS] >= %1"_s.arg(minDays),
            u"[HTTP_REDIRECTS_TO_HTTPS] == true"_s,
            u"[HSTS] == true"_s};
}

QVariantMap placeholders(const Observation &o)
{
    QVariantMap values {
        {u"CONNECTED"_s, o.connected},
        {u"TLS_VERSION"_s, QVariant()},
        {u"CHAIN_VALID"_s, QVariant()},
        {u"HOSTNAME_VALID"_s, QVariant()},
        {u"MIN_CHAIN_DAYS"_s, QVariant()},
        {u"CERTIFICATE_EXPIRATION"_s, QVariant()},
        {u"HSTS"_s, QVariant()},
        {u"HTTP_REDIRECTS_TO_HTTPS"_s, httpOk(o)},
    };
    if (o.connected) {
        if (o.tlsVersion > 0)
            values.insert(u"TLS_VERSION"_s, o.tlsVersion);
        values.insert(u"CHAIN_VALID"_s, !o.chain.isEmpty() && chainErrors(o).isEmpty());
        values.insert(u"HOSTNAME_VALID"_s, hostnameOk(o));
        const qsizetype earliest = earliestExpiry(o.chain);
        if (earliest >= 0)
            values.insert(u"MIN_CHAIN_DAYS"_s, double(daysLeft(o.chain.at(earliest).notAfter, o.now)));
        if (!o.chain.isEmpty()) {
            const qint64 ms = o.now.msecsTo(o.chain.first().notAfter);
            values.insert(u"CERTIFICATE_EXPIRATION"_s, QVariant::fromValue(ConditionValue::fromDurationMs(double(ms))));
        }
        if (o.httpsStatus > 0)
            values.insert(u"HSTS"_s, hstsOk(o));
    }
    return values;
}

ProbeResult evaluate(const Observation &o, const QStringList &conditions)
{
    ProbeResult result;
    result.evidence = evidenceOf(o);
    const bool defaults = conditions.isEmpty();
    const QStringList effective = defaults ? defaultConditions(o.minDays) : conditions;
    const MapPlaceholderResolver resolver(placeholders(o));
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(effective, resolver);
    for (const ConditionOutcome &outcome : outcomes)
        result.conditions.append(outcome.toJson());

    if (ConditionEvaluator::allHold(outcomes)) {
        const QStringList remarks = remarksOf(o);
        result.status = remarks.isEmpty() ? Status::Pass : Status::Warn;
        QString summary = u"%1 to %2"_s.arg(versionText(o.tlsVersion), o.host);
        const qsizetype earliest = earliestExpiry(o.chain);
        if (earliest >= 0) {
            summary += u", certificates valid, earliest expiry in %1 days (%2)"_s
                           .arg(daysLeft(o.chain.at(earliest).notAfter, o.now))
                           .arg(o.chain.at(earliest).subject);
        }
        if (hstsOk(o))
            summary += u", HSTS max-age %1"_s.arg(hstsMaxAge(*o.hsts))
                       + (hstsIncludesSubDomains(*o.hsts) ? u" includeSubDomains"_s : QString());
        if (httpOk(o))
            summary += u", http:// redirects to https://"_s;
        if (!remarks.isEmpty())
            summary += u"; "_s + remarks.join(u"; "_s);
        result.summary = summary;
        return result;
    }

    result.status = Status::Fail;
    const QStringList problems = problemsOf(o);
    if (defaults && !problems.isEmpty()) {
        result.summary = problems.join(u"; "_s);
    } else {
        QStringList failed;
        for (const ConditionOutcome &outcome : outcomes) {
            if (!outcome.ok)
                failed.append(u"%1 (actual %2)"_s.arg(outcome.expression, outcome.actual));
        }
        result.summary = u"failed: "_s + failed.join(u"; "_s);
    }
    return result;
}

qint64 hstsMaxAge(const QByteArray &value)
{
    qint64 maxAge = -1;
    QList<QByteArray> seen;
    for (const QByteArray &part : value.split(';')) {
        const QByteArray directive = part.trimmed();
        if (directive.isEmpty())
            continue;
        const qsizetype eq = directive.indexOf('=');
        const QByteArray name = (eq < 0 ? directive : directive.left(eq)).trimmed().toLower();
        // RFC 6797 6.1: a directive must not appear twice; such a header is invalid as a whole.
        if (seen.contains(name))
            return -1;
        seen.append(name);
        if (name != "max-age")
            continue;
        if (eq < 0)
            return -1;
        QByteArray number = directive.mid(eq + 1).trimmed();
        if (number.size() >= 2 && number.startsWith('"') && number.endsWith('"'))
            number = number.mid(1, number.size() - 2);
        if (number.isEmpty() || number.size() > 18
            || !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return -1;
        maxAge = number.toLongLong();
    }
    return maxAge;
}

bool hstsIncludesSubDomains(const QByteArray &value)
{
    if (hstsMaxAge(value) < 0)
        return false;
    for (const QByteArray &part : value.split(';')) {
        if (part.trimmed().compare("includesubdomains", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool redirectsToHttps(int status, const QString &location, const QUrl &from)
{
    if (status != 301 && status != 302 && status != 307 && status != 308)
        return false;
    const QUrl target = from.resolved(QUrl(location.trimmed()));
    return target.isValid() && target.scheme() == u"https" && !target.host().isEmpty()
        && target.host().compare(from.host(), Qt::CaseInsensitive) == 0;
}

qint64 daysLeft(const QDateTime &notAfter, const QDateTime &now)
{
    const qint64 ms = now.msecsTo(notAfter);
    // Round toward minus infinity: 4.9 days left is 4, one hour past expiry is -1.
    return ms >= 0 ? ms / MS_PER_DAY : -((-ms + MS_PER_DAY - 1) / MS_PER_DAY);
}

ResponseHead parseResponseHead(const QByteArray &head)
{
    ResponseHead out;
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty())
        return out;
    const QByteArray statusLine = lines.first().trimmed();
    const QList<QByteArray> parts = statusLine.split(' ');
    if (parts.size() < 2 || !parts.first().startsWith("HTTP/1."))
        return out;
    bool ok = false;
    const int status = parts.at(1).toInt(&ok);
    if (!ok || status < 100 || status > 999)
        return out;
    out.status = status;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        out.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return out;
}

bool isHostnameError(const QString &name)
{
    return name == u"HostNameMismatch";
}

} // namespace TlsEvaluation
