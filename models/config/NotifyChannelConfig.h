// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretOrText.h"
#include "config/SecretRef.h"

#include <QMap>
#include <QString>

/** One alert channel under `notify`: a Slack, Discord or generic JSON webhook whose URL is a secret. */
struct NotifyChannelConfig
{
    enum class Kind { Slack, Discord, Webhook };

    QString name;
    Kind kind = Kind::Slack;
    SecretRef url;
    QMap<QString, SecretOrText> headers; ///< webhook only
};
