// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretRef.h"

#include <QString>

#include <optional>

/**
 * A value that may be plain text or a secret reference, such as an HTTP header value:
 * `Accept: application/json` is text, `Authorization: env:PROD_PROBE_TOKEN` is a reference.
 */
struct SecretOrText
{
    QString text;                    ///< the literal value when secret is empty
    std::optional<SecretRef> secret; ///< set when the value is a reference

    bool isSecret() const { return secret.has_value(); }
    /** The text, or the resolved secret; nullopt with errorMessage when the secret can't be read. */
    std::optional<QString> resolve(QString *errorMessage = nullptr) const;
    /** What may be shown in evidence or logs: the text, or the reference (never its value). */
    QString displayText() const;

    bool operator==(const SecretOrText &other) const = default;
};
