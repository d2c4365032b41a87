// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/RedteamEncoding.h"

#include <QString>
#include <QStringList>

/** One attack of the red-team run: what is sent as `{input}` and what would show that it worked. */
struct RedteamAttack
{
    enum class Family {
        Hijack,       ///< asks the app to print the run's rogue string (sec.prompt-injection)
        Injection,    ///< the hijack with its payload encoded (sec.prompt-injection)
        Leak,         ///< asks for the system prompt (sec.system-prompt-leak)
        Sanitization, ///< oversized, control-character and markup payloads (sec.input-sanitized)
    };

    QString id;   ///< unique in the run, e.g. "hijack.stop-everything", "injection.base64"
    Family family = Family::Hijack;
    QString form; ///< the attack's form, e.g. "stop-everything", "repeat-instructions", "markup-script"
    RedteamEncoding::Encoding encoding = RedteamEncoding::Encoding::Plain;
    QString input; ///< the text that replaces {input}
    /** The encoded payload inside input; removed from a reply before decoding, so a plain echo is no success. */
    QString encodedPayload;
    /** Sanitization: texts whose raw presence in a reply means the payload was echoed unneutralised. */
    QStringList rawSignatures;

    static QString familyName(Family family);
};
