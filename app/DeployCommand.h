// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/** `liftoff deploy new|list|release`: records deployments and marks them released. */
namespace DeployCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace DeployCommand
