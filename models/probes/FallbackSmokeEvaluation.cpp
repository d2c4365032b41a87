// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/FallbackSmokeEvaluation.h"

#include "probes/Condition.h"
#include "probes/HttpPlaceholderResolver.h"
#include "scan/SecretRedactor.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace FallbackSmokeEvaluation {

namespace {
QString outputText(const QString &output)
{
    return output.isEmpty() ? QString::fromLatin1(DEFAULT_OUTPUT) : output;
}

bool isJsonDocument(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError && (document.isObject() || document.isArray());
}

Outcome failed(Outcome outcome, const QString &reason)
{
    outcome.verdict = Outcome::Verdict::Failed;
    outcome.reason = reason;
    outcome.evidence.insert(u"passed"_s, false);
    outcome.evidence.insert(u"reason"_s, reason);
    return outcome;
}
} // namespace

QString excerpt(const QString &text, const QStringList &secrets, qsizetype maxChars)
{
    // Redact before cutting: a cut secret would no longer match and half of it would show.
    const QString redacted = SecretRedactor::redact(text, secrets).simplified();
    if (redacted.size() <= maxChars)
        return redacted;
    return redacted.left(maxChars - 1) + u'…';
}

std::optional<OutputPath> parseOutput(const QString &output, QString *errorMessage)
{
    const QString text = outputText(output);
    // The condition language already reads placeholders with paths; has(X) accepts exactly one.
    const ConditionParseResult parsed = Condition::parse(u"has("_s + text + u')');
    if (!parsed.ok()) {
        *errorMessage = u"output '%1' is not a placeholder path such as [BODY].reply"_s.arg(text);
        return std::nullopt;
    }
    const ConditionTerm &term = parsed.condition->left().terms.constFirst();
    if (term.placeholderName != HttpPlaceholderResolver::BODY && term.placeholderName != HttpPlaceholderResolver::HEADER) {
        *errorMessage = u"output '%1' must start with [BODY] or [HEADER]"_s.arg(text);
        return std::nullopt;
    }
    return OutputPath {term.placeholderName, term.path};
}

Outcome notSent(const QString &method, const QString &displayUrl, const QString &reason)
{
    Outcome outcome;
    outcome.verdict = Outcome::Verdict::NotSent;
    outcome.reason = reason;
    outcome.evidence = {{u"method"_s, method}, {u"url"_s, displayUrl}, {u"passed"_s, false}, {u"reason"_s, reason}};
    return outcome;
}

Outcome evaluate(const Observation &o)
{
    const QString output = outputText(o.output);
    QString parseError;
    const std::optional<OutputPath> path = parseOutput(o.output, &parseError);
    if (!path)
        return notSent(o.method, o.displayUrl, parseError);

    Outcome outcome;
    outcome.evidence = {{u"method"_s, o.method}, {u"url"_s, o.displayUrl}, {u"output"_s, output}};
    if (o.latencyMs >= 0)
        outcome.evidence.insert(u"latency_ms"_s, o.latencyMs);
    if (o.statusCode <= 0) {
        return failed(outcome, o.networkError.isEmpty() ? u"no HTTP answer"_s
                                                        : u"no answer: "_s + SecretRedactor::redact(o.networkError, o.secrets));
    }
    outcome.evidence.insert(u"status"_s, o.statusCode);
    if (o.bodyTruncated)
        outcome.evidence.insert(u"body_truncated"_s, true);
    if (o.statusCode < 200 || o.statusCode > 299) {
        // The start of an error body usually says why; it is bounded and redacted like the answer.
        const QString body = excerpt(QString::fromUtf8(o.body), o.secrets);
        if (!body.isEmpty())
            outcome.evidence.insert(u"body"_s, body);
        QString reason = u"answered %1"_s.arg(o.statusCode);
        if (o.statusCode >= 300 && o.statusCode < 400) {
            QByteArray location;
            for (const auto &[name, value] : o.headers) {
                if (name.compare("Location", Qt::CaseInsensitive) == 0)
                    location = value;
            }
            // A smoke call is usually a POST: following a redirect could change it into a GET.
            reason += u" (a redirect to %1; the smoke call does not follow redirects: point fallback_probe.url at the "
                      u"final address)"_s.arg(excerpt(QString::fromUtf8(location), o.secrets, 120));
        }
        return failed(outcome, reason);
    }

    HttpPlaceholderResolver::Response response;
    response.connected = true;
    response.statusCode = o.statusCode;
    response.responseTimeMs = o.latencyMs;
    response.body = o.body;
    response.headers = o.headers;
    const HttpPlaceholderResolver resolver(response);
    const std::optional<ConditionValue> value = resolver.resolve(path->name, path->path);
    if (!value) {
        QString reason = u"the answer has nothing at %1"_s.arg(output);
        if (path->name == HttpPlaceholderResolver::BODY && !path->path.isEmpty() && !isJsonDocument(o.body))
            reason += o.bodyTruncated ? u" (the body was cut at the size limit before it could be read as JSON)"_s
                                      : u" (the body is not JSON)"_s;
        const QString body = excerpt(QString::fromUtf8(o.body), o.secrets);
        if (!body.isEmpty())
            outcome.evidence.insert(u"body"_s, body);
        return failed(outcome, reason);
    }
    const QString answer = value->kind() == ConditionValue::Kind::Null ? QString() : value->toText();
    outcome.answer = excerpt(answer, o.secrets);
    outcome.evidence.insert(u"answer"_s, outcome.answer);
    outcome.evidence.insert(u"answer_chars"_s, int(answer.size()));
    if (answer.trimmed().isEmpty())
        return failed(outcome, u"the answer at %1 is empty"_s.arg(output));
    outcome.verdict = Outcome::Verdict::Passed;
    outcome.evidence.insert(u"passed"_s, true);
    return outcome;
}

} // namespace FallbackSmokeEvaluation
