// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/ModelIdClassification.h"

/** A model ID found in a source or config file, with its classification. */
struct ModelIdOccurrence
{
    QString file;
    int line = 0;
    ModelIdClassification classification; ///< classification.id is the literal as written
};
