// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/HttpEvaluation.h"

#include "probes/ConditionEvaluator.h"
#include "report/ChecklistReport.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace HttpEvaluation {

namespace {
const QList<QByteArray> HEADERS_OF_INTEREST {"content-type", "content-length", "server", "location", "retry-after",
                                             "strict-transport-security", "cache-control", "vary",
                                             "access-control-allow-origin", "access-control-allow-credentials",
                                             "ratelimit-remaining", "x-ratelimit-remaining"};
constexpr qsizetype BODY_SNIPPET = 512;
constexpr qsizetype DEFAULT_HEALTH_BYTES = 256 * 1024;
} // namespace

QString healthStatusOf(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body.left(DEFAULT_HEALTH_BYTES), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    const QJsonValue status = doc.object().value(u"status"_s);
    if (!status.isString())
        return {};
    const QString s = status.toString().toLower();
    // IETF health+json: pass/ok/up; Spring Actuator: UP/DOWN/OUT_OF_SERVICE/UNKNOWN.
    if (s == u"pass" || s == u"ok" || s == u"up")
        return u"pass"_s;
    if (s == u"warn" || s == u"unknown")
        return u"warn"_s;
    return u"fail"_s;
}

ProbeResult evaluate(const Observation &o, const QStringList &conditions)
{
    ProbeResult result;
    const auto &r = o.response;
    QJsonObject evidence {{u"url"_s, o.displayUrl}, {u"method"_s, o.method}};
    if (r.statusCode > 0)
        evidence.insert(u"status"_s, r.statusCode);
    if (r.responseTimeMs >= 0)
        evidence.insert(u"latencyMs"_s, r.responseTimeMs);
    QJsonObject headers;
    for (const auto &[name, value] : r.headers) {
        if (HEADERS_OF_INTEREST.contains(name.toLower()))
            headers.insert(QString::fromLatin1(name.toLower()), QString::fromUtf8(value.left(300)));
    }
    if (!headers.isEmpty())
        evidence.insert(u"headers"_s, headers);
    if (!r.body.isEmpty()) {
        evidence.insert(u"bodyBytes"_s, r.body.size());
        evidence.insert(u"body"_s, QString::fromUtf8(r.body.left(BODY_SNIPPET)));
    }
    if (o.bodyTruncated)
        evidence.insert(u"bodyTruncated"_s, true);
    if (o.redirects > 0)
        evidence.insert(u"redirects"_s, o.redirects);
    if (!o.networkError.isEmpty())
        evidence.insert(u"error"_s, o.networkError);
    result.evidence = ChecklistReport::redactEvidence(evidence);

    QStringList effective = conditions;
    QString health;
    if (effective.isEmpty()) {
        effective = {u"[STATUS] == 200"_s};
        health = healthStatusOf(r.body);
        if (!health.isEmpty())
            effective.append(u"[BODY].status == pat(*)"_s);
    }
    const HttpPlaceholderResolver resolver(r);
    const QList<ConditionOutcome> outcomes = ConditionEvaluator::evaluateAll(effective, resolver);
    bool allOk = true;
    for (const ConditionOutcome &outcome : outcomes) {
        result.conditions.append(outcome.toJson());
        allOk = allOk && outcome.ok;
    }
    if (health == u"fail")
        allOk = false;

    const QString answer = r.statusCode > 0 ? u"%1 in %2 ms"_s.arg(r.statusCode).arg(r.responseTimeMs)
                                            : u"no answer"_s;
    if (!o.networkError.isEmpty() && r.statusCode == 0) {
        result.status = Status::Fail;
        result.summary = u"%1 %2: %3"_s.arg(o.method, o.displayUrl, o.networkError);
    } else if (!o.networkError.isEmpty()) {
        // An answer came, but not a whole one (timeout mid-body, redirect not followed): never a pass.
        result.status = Status::Fail;
        result.summary = u"%1; %2"_s.arg(answer, o.networkError);
    } else if (allOk) {
        result.status = health == u"warn" ? Status::Warn : Status::Pass;
        result.summary = answer + (health.isEmpty() ? QString() : u", health %1"_s.arg(health));
    } else {
        result.status = Status::Fail;
        QStringList failed;
        for (const ConditionOutcome &outcome : outcomes) {
            if (!outcome.ok)
                failed.append(u"%1 (actual %2)"_s.arg(outcome.expression, outcome.actual));
        }
        if (health == u"fail")
            failed.append(u"health status is %1"_s.arg(health));
        result.summary = u"%1; failed: %2"_s.arg(answer, failed.join(u"; "_s));
    }
    if (o.bodyTruncated)
        result.summary += u" (body cut at the read limit)"_s;
    return result;
}

} // namespace HttpEvaluation
