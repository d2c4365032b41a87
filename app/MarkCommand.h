// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/** `liftoff mark ID --status pass|fail|na|waived --note TEXT [--expires DATE] [--by NAME]`. */
namespace MarkCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace MarkCommand
