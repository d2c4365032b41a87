// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/ModelIdClassification.h"

/**
 * Classifies a model ID as PINNED, FLOATING, PREVIEW or UNKNOWN by the rules of formats.md
 * section 9: routing prefixes stripped first, then the generic -latest and date rules, then the
 * provider's own rules (including Anthropic's 4.6 boundary for dateless IDs). Pure and thread-safe.
 */
class ModelIdClassifier
{
public:
    static ModelIdClassification classify(const QString &id);
};
