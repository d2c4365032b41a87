// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/** `liftoff rollback [--dry-run] --reason TEXT [--yes] [--approve] [--by NAME]`; exit 4 when it fails or is refused. */
namespace RollbackCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace RollbackCommand
