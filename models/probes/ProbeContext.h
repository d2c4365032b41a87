// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretOrText.h"

#include <QMap>
#include <QString>

/** What every probe of one run may use: the selected environment and deployment. */
struct ProbeContext
{
    QString environment;
    QString baseUrl;   ///< replaces {url}
    QString version;   ///< replaces {version}
    QMap<QString, SecretOrText> headers; ///< the environment's headers, sent by http-based probes
    QString projectDir;
    QString repoPath;

    /** Expands {url} and {version} in text. */
    QString expand(const QString &text) const;
};
