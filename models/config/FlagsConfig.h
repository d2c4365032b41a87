// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/SecretRef.h"

#include <QString>

#include <optional>

/** The kill switch for AI features (`flags`): an OFREP service, a flagd file or Unleash. */
struct FlagsConfig
{
    enum class Kind { Ofrep, FlagdFile, Unleash };

    Kind kind = Kind::Ofrep;
    QString baseUrl;               ///< ofrep, unleash
    QString flag;                  ///< the flag's key
    QString filePath;              ///< flagd_file, relative to the config file as written
    std::optional<SecretRef> token; ///< unleash
};
