// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/NotifyChannelConfig.h"

#include <QMetaType>
#include <QString>

/** How sending one notification to one channel went. Free of secret values. */
struct NotificationResult
{
    enum class Outcome {
        Delivered,    ///< the channel answered 2xx
        Rejected,     ///< it answered, but not 2xx
        Unreachable,  ///< no HTTP answer (refused, DNS, TLS, timeout)
        SecretMissing ///< a secret reference of the channel could not be resolved; nothing was sent
    };

    QString channel;
    NotifyChannelConfig::Kind kind = NotifyChannelConfig::Kind::Webhook;
    Outcome outcome = Outcome::Unreachable;
    int httpStatus = 0;
    QString error;  ///< what went wrong, naming references but never values
    QString answer; ///< the start of a non-2xx answer's body, redacted
    qint64 durationMs = 0;

    bool delivered() const { return outcome == Outcome::Delivered; }
};
Q_DECLARE_METATYPE(NotificationResult)
