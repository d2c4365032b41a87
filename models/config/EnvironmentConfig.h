// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretOrText.h"

#include <QMap>
#include <QString>

/** One deployment target under `environments`: its base URL and headers sent by http-based probes. */
struct EnvironmentConfig
{
    QString name;
    QString url;
    QMap<QString, SecretOrText> headers;
};
