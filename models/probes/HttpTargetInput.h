// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>
#include <QVariant>

/**
 * What every probe that sends `{input}` to a configured HttpTarget needs (the fallback smoke
 * call, the eval runner, the red team): the request body with the input put in, and the rule
 * that the environment's headers go only to the environment's own origin.
 */
namespace HttpTargetInput {
inline const QString PLACEHOLDER = QStringLiteral("{input}");
/** The body tree with {input} replaced in every string (before it is serialised, so JSON stays valid). */
QVariant withInput(const QVariant &value, const QString &input);
/** Same scheme, host (any case) and port (the scheme's default when none is given). */
bool sameOrigin(const QUrl &a, const QUrl &b);
} // namespace HttpTargetInput
