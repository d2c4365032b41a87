// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

/**
 * `liftoff calls stats [--window 24h] [--input-format auto|otel|litellm|jsonl|langfuse]
 * [--format text|json] [--threads N] [--prices FILE] [--config PATH] [FILE...]`: reads call logs
 * (the given files, or without any the call sources of the project file) and prints count, error
 * rate, P50/P95/P99, cost and field coverage (spec/cli.md).
 *
 * @p args are the words after `calls stats`. Returns 0 on success, 2 on a usage error or an
 * unreadable file (the message on @p err names what is wrong). Malformed lines are reported,
 * not fatal.
 */
int runCallsStatsCommand(const QStringList &args, QTextStream &out, QTextStream &err);
