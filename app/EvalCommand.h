// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/**
 * `liftoff eval run [--env ENV]` / `eval bless RUN --note WHY` / `eval import FILE`: runs and stores the
 * eval set; blesses a run; stores a promptfoo or garak result file as a run.
 */
namespace EvalCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace EvalCommand
