// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigLocation.h"

#include <QString>
#include <QVariantMap>

/**
 * A probe of one kind with its parameters as written under `checks` in liftoff.yaml.
 *
 * params holds only the keys the file gave (absent keys mean the probe's own default), already
 * validated: durations as qint64 milliseconds, integers as int, numbers as double, flags as bool,
 * lists of names as QStringList, headers as a QVariantMap of QString or SecretRef, a request body
 * as the QVariant tree of its YAML, secret references as SecretRef (never resolved here).
 * Strings keep `{url}` and `{version}` verbatim. The `command` kind holds its argv under
 * "argv" and the check's `expect_names` under "expect_names".
 */
struct ProbeSpec
{
    QString kind; ///< "http", "tls", ... as in the checklist's `probe:KIND` bindings
    QVariantMap params;
    ConfigLocation location; ///< where the probe's key was written

    bool operator==(const ProbeSpec &other) const = default;
};
