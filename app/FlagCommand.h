// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/** `liftoff flag get` / `liftoff flag set on|off --reason TEXT [--by NAME]`: the AI kill switch. */
namespace FlagCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace FlagCommand
