// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

class CliArguments;

/**
 * `liftoff secret set NAME` (value from stdin), `secret delete NAME`, `secret list`: the OS keychain
 * entries that `keychain:NAME` references read. Exit 0 done, 1 no such secret, 2 usage, 5 no keychain.
 */
namespace SecretCommand {
int run(CliArguments &args, QTextStream &out, QTextStream &err);
} // namespace SecretCommand
