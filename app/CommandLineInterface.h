// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ParsedCommandLine.h"

#include <QStringList>

/**
 * The headless half of the `liftoff` binary: the grammar of every subcommand, help and version,
 * and the exit codes of spec/cli.md. Needs no display and creates no window.
 */
namespace CommandLineInterface {
/** Parses a whole command line (arguments include the program name); needs no QCoreApplication. */
ParsedCommandLine parse(const QStringList &arguments);
/** Runs what parse() found (anything but OpenGui) and returns the exit code. */
int run(const ParsedCommandLine &parsed);
} // namespace CommandLineInterface
