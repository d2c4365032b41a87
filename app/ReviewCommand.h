// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/**
 * `liftoff review [--sample N] [--seed N] [--new] [--list] [--by NAME]`: the h24.review-sample
 * queue on a terminal. Draws a seeded random sample of the deployment's logged calls (once; the
 * same sample until --new), shows each unmarked call with PII and keys masked and reads
 * "good"/"bad" plus an optional note per line from stdin (a terminal or a script). Each mark is
 * stored and audited at once; when the last one is given the item passes (or warns, naming the
 * calls marked bad) with the marks as evidence. Exit 0, 2 usage or no calls to review, 3 store.
 */
namespace ReviewCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace ReviewCommand
