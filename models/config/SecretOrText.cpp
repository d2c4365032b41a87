// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/SecretOrText.h"

#include "config/SecretResolver.h"

std::optional<QString> SecretOrText::resolve(QString *errorMessage) const
{
    if (secret)
        return SecretResolver::resolve(*secret, errorMessage);
    return text;
}

QString SecretOrText::displayText() const
{
    return secret ? secret->toString() : text;
}
