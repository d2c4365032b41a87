// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretOrText.h"

#include <QMap>
#include <QString>
#include <QVariant>

#include <optional>

/**
 * An HTTP request that a probe sends to the app: `evals.target`, `redteam.target`,
 * `models.fallback_probe`. Strings keep `{url}`, `{version}` and `{input}` verbatim.
 */
struct HttpTargetConfig
{
    QString url;
    QString method = QStringLiteral("POST");
    QMap<QString, SecretOrText> headers;
    QVariant body;     ///< the YAML body as a QVariant tree (maps, lists, strings)
    QString output;    ///< where the answer text is, e.g. "[BODY].reply"
    std::optional<qint64> timeoutMs;
};
