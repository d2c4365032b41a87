// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/** What one eval case's answer was, as the assertions see it: the output text, its latency and usage. */
struct EvalAnswer
{
    QString output;
    qint64 latencyMs = -1;             ///< negative when not measured
    std::optional<qint64> tokens;      ///< when the answer reported usage
    std::optional<double> costUsd;     ///< when the answer reported a cost
};
