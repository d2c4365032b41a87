// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/**
 * The headless half of the `liftoff` binary: picks the subcommand, prints help and version, and
 * returns the exit code of spec/cli.md. Needs no display and creates no window.
 */
namespace CommandLineInterface {
/** True when the arguments name a subcommand (or --help/--version) rather than the GUI. */
bool isHeadless(const QStringList &arguments);
/** True for subcommands that lay out text or images (report's PDF): they need a QGuiApplication. */
bool needsGui(const QStringList &arguments);
/** Runs the subcommand; arguments include the program name. */
int run(const QStringList &arguments);
} // namespace CommandLineInterface
