// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/**
 * `liftoff check [--only ID,...] [--phase pre|deploy|post] [--format F] [--strict]`: runs the
 * probes of the deployment's items against its environment, stores every result, prints the
 * checklist and returns the verdict's exit code.
 */
namespace CheckCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace CheckCommand
