// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ProjectConfig.h"
#include "sources/CallSourceInput.h"

#include <QList>
#include <QStringList>

#include <optional>

/**
 * The call sources of a project made ready to read in a command: files resolved, HTTP sources
 * fetched. The CLI has no GUI to keep responsive, so a local event loop waits for the fetch.
 */
namespace CliCallSources {
/** An error message naming the source, or "" with @p inputs (and the secrets used) filled. */
QString fetch(const ProjectConfig &project, std::optional<qint64> fromMs, QList<CallSourceInput> *inputs,
              QStringList *secrets = nullptr);
} // namespace CliCallSources
