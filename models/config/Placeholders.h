// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/**
 * Expansion of the placeholders that liftoff.yaml strings may hold: `{url}` (the selected
 * environment's base URL) and `{version}` (the deployment's version). The loader keeps strings
 * verbatim; probes expand them when they run.
 */
namespace Placeholders {

/**
 * Replaces every `{url}` with baseUrl (without its trailing slashes, so `{url}/health` never
 * doubles one) and every `{version}` with version. Other braces are left alone.
 */
QString expand(const QString &text, const QString &baseUrl, const QString &version);

} // namespace Placeholders
