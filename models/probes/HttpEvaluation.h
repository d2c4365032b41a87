// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/HttpPlaceholderResolver.h"
#include "probes/ProbeResult.h"

#include <QStringList>

/**
 * Decides an http probe's result from what it observed: the configured conditions, or the default
 * ones (status 200 and a passing health body). Pure: tested without a network.
 */
namespace HttpEvaluation {

struct Observation
{
    HttpPlaceholderResolver::Response response;
    QString method;
    QString displayUrl;     ///< the URL with secrets masked
    QString networkError;   ///< empty when an HTTP answer arrived
    bool bodyTruncated = false;
    int redirects = 0;
};

/** Status and summary from the conditions (or the defaults) over the observation. */
ProbeResult evaluate(const Observation &observation, const QStringList &conditions);
/** The health verdict of a body: "pass", "warn", "fail" or empty when it is no health document. */
QString healthStatusOf(const QByteArray &body);

} // namespace HttpEvaluation
