// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/**
 * `liftoff report --format markdown|html|pdf|json|junit --out FILE`: the deployment's checklist,
 * evidence, charts (html, pdf) and audit trail. Without --out, text formats go to stdout; the
 * format defaults to the one --out's suffix implies. Exit codes follow the verdict, like status.
 */
namespace ReportCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace ReportCommand
