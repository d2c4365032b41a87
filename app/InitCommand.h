// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/** `liftoff init [DIR]`: writes a commented liftoff.yaml, asking nothing; never overwrites. */
namespace InitCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace InitCommand
