// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/**
 * Reads a secret's value from standard input: from a terminal one line with echo off (the prompt
 * goes to the terminal via stderr), from a pipe or file everything up to 64 KiB less one trailing
 * newline. The value is never echoed, printed or logged.
 */
namespace SecretInput {
/** The value, or nullopt with why set (empty, too long, not UTF-8, read error). */
std::optional<QString> read(const QString &prompt, QString *why);
} // namespace SecretInput
