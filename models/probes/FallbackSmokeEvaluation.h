// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

/**
 * Decides the one-call smoke test of the fallback model (`models.fallback_probe`, api.fallback-model)
 * from what the call observed: it passes when the status is 2xx and the `output` path resolves to a
 * non-empty answer. Pure: tested without a network.
 */
namespace FallbackSmokeEvaluation {

/** The answer excerpt kept in evidence, in characters. */
constexpr qsizetype MAX_ANSWER_CHARS = 200;
/** Where the answer is when `output` is not given: the whole body. */
constexpr const char *DEFAULT_OUTPUT = "[BODY]";

/** A parsed `output`: the placeholder ([BODY] or [HEADER]) and the path after it. */
struct OutputPath
{
    QString name;
    QStringList path;
};

/** What the one call observed. Secrets are redacted from the answer before it is cut. */
struct Observation
{
    QString method;
    QString displayUrl;  ///< the URL with secrets masked
    QString output;      ///< as configured; empty means DEFAULT_OUTPUT
    int statusCode = 0;  ///< 0 when no HTTP answer came
    qint64 latencyMs = -1;
    QByteArray body;     ///< bounded by the probe
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool bodyTruncated = false;
    QString networkError; ///< why no HTTP answer came (refused, deadline, ...); empty otherwise
    QStringList secrets;  ///< resolved header values: never shown
};

/** How the smoke test went. */
struct Outcome
{
    enum class Verdict {
        Passed,
        Failed, ///< no answer, a non-2xx status, or nothing at the output path
        NotSent ///< the call could not be made (bad URL, unreadable secret, bad output path)
    };
    Verdict verdict = Verdict::NotSent;
    QString reason;       ///< why it did not pass; empty when it passed
    QString answer;       ///< the answer excerpt (redacted, at most MAX_ANSWER_CHARS)
    QJsonObject evidence; ///< {method, url, output, status, latency_ms, answer, answer_chars, reason, ...}

    bool passed() const { return verdict == Verdict::Passed; }
};

/** Parses `output` ("[BODY].reply", "[BODY].choices[0].message.content", "[HEADER].X-Answer"). */
std::optional<OutputPath> parseOutput(const QString &output, QString *errorMessage);
/** The verdict on one observed call. */
Outcome evaluate(const Observation &observation);
/** An outcome for a call that could not be made, with the reason. */
Outcome notSent(const QString &method, const QString &displayUrl, const QString &reason);
/** text with secrets redacted, then cut to maxChars (an ellipsis marks the cut). */
QString excerpt(const QString &text, const QStringList &secrets, qsizetype maxChars = MAX_ANSWER_CHARS);

} // namespace FallbackSmokeEvaluation
