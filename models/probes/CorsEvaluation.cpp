// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/CorsEvaluation.h"

#include "probes/ConditionEvaluator.h"
#include "probes/MapPlaceholderResolver.h"
#include "report/ChecklistReport.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace CorsEvaluation {

namespace {
constexpr qsizetype MAX_HEADER_IN_EVIDENCE = 300;

bool credentialsAllowed(const Exchange &e)
{
    // Fetch: the value must be exactly `true`.
    return e.allowCredentials == "true";
}

bool echoes(const Exchange &e)
{
    return !e.allowOrigin.isEmpty() && e.allowOrigin == e.origin.toUtf8();
}

QString requestText(const Exchange &e)
{
    return e.preflight ? u"preflight"_s : e.method;
}

QString header(const QByteArray &value)
{
    return QString::fromLatin1(value.left(MAX_HEADER_IN_EVIDENCE));
}

struct Judged
{
    const Exchange *exchange;
    Verdict verdict;
};

QList<Judged> judgeAll(const Observation &o)
{
    QList<Judged> out;
    for (const Exchange &e : o.exchanges)
        out.append({&e, judge(e, o.credentials)});
    return out;
}

bool allowedOk(const QList<Judged> &judged)
{
    QSet<QString> allowedOrigins;
    QSet<QString> okOrigins;
    for (const Judged &j : judged) {
        if (j.exchange->kind != OriginKind::Allowed)
            continue;
        allowedOrigins.insert(j.exchange->origin);
        if (j.verdict == Verdict::Ok)
            okOrigins.insert(j.exchange->origin);
        else if (j.verdict != Verdict::NotApplicable)
            return false;
    }
    return !allowedOrigins.isEmpty() && okOrigins == allowedOrigins;
}

bool isAcceptance(Verdict v)
{
    return v == Verdict::Accepted || v == Verdict::WildcardWithCredentials;
}

bool varyOk(const Observation &o)
{
    return std::all_of(o.exchanges.begin(), o.exchanges.end(),
                       [](const Exchange &e) { return !echoes(e) || varyHasOrigin(e.vary); });
}

/** The first acceptance of an origin of this kind, or nullptr. */
const Exchange *firstAccepted(const QList<Judged> &judged, OriginKind kind)
{
    for (const Judged &j : judged) {
        if (j.exchange->kind == kind && j.verdict == Verdict::Accepted)
            return j.exchange;
    }
    return nullptr;
}

QStringList acceptedLookAlikes(const QList<Judged> &judged)
{
    QStringList out;
    for (const Judged &j : judged) {
        if (j.exchange->kind == OriginKind::LookAlike && j.verdict == Verdict::Accepted && !out.contains(j.exchange->origin))
            out.append(j.exchange->origin);
    }
    return out;
}

/** Every problem in plain words, worst first (spec/detectors.md). */
QStringList problemsOf(const Observation &o, const QList<Judged> &judged)
{
    QStringList problems;
    const Exchange *foreign = firstAccepted(judged, OriginKind::Foreign);
    const bool foreignWithCredentials = std::any_of(judged.begin(), judged.end(), [](const Judged &j) {
        return j.exchange->kind == OriginKind::Foreign && j.verdict == Verdict::Accepted && credentialsAllowed(*j.exchange);
    });
    if (foreignWithCredentials)
        problems.append(u"reflects any origin (%1) with credentials allowed"_s.arg(FOREIGN_ORIGIN));
    for (const Judged &j : judged) {
        if (j.verdict == Verdict::WildcardWithCredentials) {
            problems.append(u"answers Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true"_s);
            break;
        }
    }
    if (foreign && !foreignWithCredentials)
        problems.append(u"reflects any origin (%1)"_s.arg(FOREIGN_ORIGIN));
    if (firstAccepted(judged, OriginKind::Null))
        problems.append(u"allows the origin null"_s);
    const QStringList lookAlikes = acceptedLookAlikes(judged);
    if (!lookAlikes.isEmpty()) {
        QString text = u"accepts look-alike origin %1"_s.arg(lookAlikes.first());
        if (lookAlikes.size() > 1)
            text += u" (and %1 more: %2)"_s.arg(lookAlikes.size() - 1).arg(lookAlikes.mid(1).join(u", "_s));
        problems.append(text);
    }
    for (const Exchange &e : o.exchanges) {
        if (echoes(e) && !varyHasOrigin(e.vary)) {
            problems.append(u"echoes %1 without Vary: Origin (%2)"_s.arg(e.origin, requestText(e)));
            break;
        }
    }
    for (const Judged &j : judged) {
        const Exchange &e = *j.exchange;
        if (e.kind != OriginKind::Allowed)
            continue;
        switch (j.verdict) {
        case Verdict::NotEchoed:
            problems.append(u"does not echo the allowed origin %1 (%2 answered %3%4)"_s.arg(e.origin, requestText(e))
                                .arg(e.status)
                                .arg(e.allowOrigin.isEmpty() ? u" without Access-Control-Allow-Origin"_s
                                                             : u" with Access-Control-Allow-Origin "_s + header(e.allowOrigin)));
            break;
        case Verdict::Wildcard:
            problems.append(u"answers * instead of echoing the allowed origin %1 (%2)"_s.arg(e.origin, requestText(e)));
            break;
        case Verdict::CredentialsMissing:
            problems.append(u"allowed origin %1 gets no Access-Control-Allow-Credentials: true (%2)"_s.arg(e.origin, requestText(e)));
            break;
        case Verdict::PreflightRejected:
            problems.append(u"the preflight for allowed origin %1 answered %2, not 200 or 204"_s.arg(e.origin).arg(e.status));
            break;
        case Verdict::NoAnswer:
            problems.append(u"no answer for allowed origin %1 (%2): %3"_s.arg(e.origin, requestText(e), e.error));
            break;
        default:
            break;
        }
    }
    if (!o.incomplete.isEmpty())
        problems.append(u"only %1 of %2 requests answered: %3"_s.arg(o.exchanges.size()).arg(o.planned).arg(o.incomplete));
    problems.removeDuplicates();
    return problems;
}
} // namespace

QStringList lookAlikesOf(const QString &allowedOrigin)
{
    const QUrl url(allowedOrigin);
    const QString host = url.host(QUrl::FullyEncoded);
    if (!url.isValid() || host.isEmpty() || url.scheme().isEmpty())
        return {};
    const QString scheme = url.scheme();
    const QString port = url.port() > 0 ? u":"_s + QString::number(url.port()) : QString();
    QStringList out {
        // The allowed host as the suffix of an attacker's domain: caught by a plain endsWith().
        scheme + u"://evil-"_s + host + port,
        scheme + u"://evil"_s + host + port,
        // The allowed host as the prefix of an attacker's domain: caught by a plain startsWith().
        scheme + u"://"_s + host + u".attacker.invalid"_s + port,
    };
    // A dot of the host as any character: caught by a regular expression with unescaped dots.
    const qsizetype dot = host.indexOf(u'.');
    if (dot > 0 && QHostAddress(host).isNull())
        out.append(scheme + u"://"_s + host.left(dot) + u'x' + host.mid(dot + 1) + port);
    if (scheme == u"https")
        out.append(u"http://"_s + host + port);
    return out;
}

QList<Origin> originsToTry(const QStringList &allowed)
{
    QList<Origin> out;
    QSet<QString> seen;
    const auto add = [&out, &seen](const QString &origin, OriginKind kind) {
        if (origin.isEmpty() || seen.contains(origin))
            return;
        seen.insert(origin);
        out.append({origin, kind});
    };
    for (const QString &origin : allowed)
        add(origin, OriginKind::Allowed);
    add(FOREIGN_ORIGIN, OriginKind::Foreign);
    add(NULL_ORIGIN, OriginKind::Null);
    for (const QString &origin : allowed) {
        for (const QString &lookAlike : lookAlikesOf(origin))
            add(lookAlike, OriginKind::LookAlike);
    }
    return out;
}

bool varyHasOrigin(const QByteArray &vary)
{
    for (const QByteArray &part : vary.split(',')) {
        const QByteArray name = part.trimmed();
        if (name == "*" || name.compare("origin", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

Verdict judge(const Exchange &e, bool credentials)
{
    if (e.status == 0)
        return Verdict::NoAnswer;
    const bool wildcard = e.allowOrigin == "*";
    if (wildcard && credentialsAllowed(e))
        return Verdict::WildcardWithCredentials;
    if (e.kind != OriginKind::Allowed) {
        // A preflight that is not answered 2xx fails in the browser, whatever its headers say.
        if (echoes(e) && (!e.preflight || e.status / 100 == 2))
            return Verdict::Accepted;
        return Verdict::Ok;
    }
    if (e.preflight && e.status != 200 && e.status != 204)
        return Verdict::PreflightRejected;
    if (!e.preflight && e.allowOrigin.isEmpty()
        && (e.status == 401 || e.status == 403 || e.status == 404 || e.status == 405 || e.status == 501))
        return Verdict::NotApplicable;
    if (wildcard)
        return Verdict::Wildcard;
    if (!echoes(e))
        return Verdict::NotEchoed;
    if (!varyHasOrigin(e.vary))
        return Verdict::MissingVary;
    if (credentials && !credentialsAllowed(e))
        return Verdict::CredentialsMissing;
    return Verdict::Ok;
}

QString verdictText(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Ok: return u"ok"_s;
    case Verdict::NotEchoed: return u"not echoed"_s;
    case Verdict::Wildcard: return u"* instead of an echo"_s;
    case Verdict::MissingVary: return u"echoed without Vary: Origin"_s;
    case Verdict::CredentialsMissing: return u"credentials not allowed"_s;
    case Verdict::PreflightRejected: return u"preflight rejected"_s;
    case Verdict::Accepted: return u"ACCEPTED"_s;
    case Verdict::WildcardWithCredentials: return u"* with credentials"_s;
    case Verdict::NotApplicable: return u"n/a (method not served)"_s;
    case Verdict::NoAnswer: return u"no answer"_s;
    }
    return {};
}

QString kindText(OriginKind kind)
{
    switch (kind) {
    case OriginKind::Allowed: return u"allowed"_s;
    case OriginKind::Foreign: return u"foreign"_s;
    case OriginKind::Null: return u"null"_s;
    case OriginKind::LookAlike: return u"look-alike"_s;
    }
    return {};
}

QStringList defaultConditions()
{
    return {u"[ALLOWED_OK] == true"_s,   u"[REJECTED_OK] == true"_s,      u"[WILDCARD] == false"_s,
            u"[REFLECTS_ANY] == false"_s, u"[NULL_ALLOWED] == false"_s,    u"[LOOKALIKES_ACCEPTED] == 0"_s,
            u"[VARY_ORIGIN] == true"_s};
}

QVariantMap placeholders(const Observation &o)
{
    const QList<Judged> judged = judgeAll(o);
    const bool rejectedOk = std::none_of(judged.begin(), judged.end(), [](const Judged &j) {
        return j.exchange->kind != OriginKind::Allowed && isAcceptance(j.verdict);
    });
    const bool wildcard = std::any_of(judged.begin(), judged.end(),
                                      [](const Judged &j) { return j.verdict == Verdict::WildcardWithCredentials; });
    return {
        {u"ALLOWED_OK"_s, allowedOk(judged)},
        {u"REJECTED_OK"_s, rejectedOk},
        {u"WILDCARD"_s, wildcard},
        {u"REFLECTS_ANY"_s, firstAccepted(judged, OriginKind::Foreign) != nullptr},
        {u"NULL_ALLOWED"_s, firstAccepted(judged, OriginKind::Null) != nullptr},
        {u"LOOKALIKES_ACCEPTED"_s, double(acceptedLookAlikes(judged).size())},
        {u"VARY_ORIGIN"_s, varyOk(o)},
    };
}

ProbeResult evaluate(const Observation &o, const QStringList &conditions)
{
    ProbeResult result;
    const QList<Judged> judged = judgeAll(o);
    QJsonArray table;
    QSet<QString> lookAlikeOrigins;
    for (const Judged &j : judged) {
        const Exchange &e = *j.exchange;
        QJsonObject row {{u"origin"_s, e.origin},
                         {u"kind"_s, kindText(e.kind)},
                         {u"request"_s, requestText(e)},
                         {u"status"_s, e.status},
                         {u"acao"_s, header(e.allowOrigin)},
                         {u"acac"_s, header(e.allowCredentials)},
                         {u"vary"_s, header(e.vary)},
                         {u"verdict"_s, verdictText(j.verdict)}};
        if (!e.error.isEmpty())
            row.insert(u"error"_s, e.error);
        table.append(row);
        if (e.kind == OriginKind::LookAlike)
            lookAlikeOrigins.insert(e.origin);
    }
    const int lookAlikes = int(lookAlikeOrigins.size());
    QJsonObject evidence {{u"url"_s, o.displayUrl}, {u"credentials"_s, o.credentials}, {u"requests"_s, table}};
    if (!o.incomplete.isEmpty())
        evidence.insert(u"incomplete"_s, o.incomplete);
    result.evidence = ChecklistReport::redactEvidence(evidence);

    const bool defaults = conditions.isEmpty();
    const QStringList effective = defaults ? defaultConditions() : conditions;
    const MapPlaceholderResolver resolver(placeholders(o));
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(effective, resolver);
    for (const ConditionOutcome &outcome : outcomes)
        result.conditions.append(outcome.toJson());
    const QStringList problems = problemsOf(o, judged);

    if (ConditionEvaluator::allHold(outcomes) && o.incomplete.isEmpty()) {
        result.status = Status::Pass;
        result.summary = u"allowed origins echoed with Vary: Origin; foreign, null and %1 look-alike origins refused (%2 requests)"_s
                             .arg(lookAlikes)
                             .arg(o.exchanges.size());
        return result;
    }
    result.status = Status::Fail;
    if ((defaults || !o.incomplete.isEmpty()) && !problems.isEmpty()) {
        result.summary = problems.first();
        if (problems.size() > 1)
            result.summary += u" (%1 more problem%2)"_s.arg(problems.size() - 1).arg(problems.size() > 2 ? u"s"_s : QString());
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

} // namespace CorsEvaluation
