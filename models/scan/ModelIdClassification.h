// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/** How stable a model ID is (formats.md section 9). */
enum class ModelPinning { Pinned, Floating, Preview, Unknown };

/** The verdict for one model ID: which provider's rules applied and why. */
struct ModelIdClassification
{
    QString id;            ///< as written
    QString baseId;        ///< after routing prefixes and Bedrock/Vertex decorations are stripped
    QString provider;      ///< OpenAI, Anthropic, Google, Mistral, DeepSeek, or empty when unknown
    ModelPinning pinning = ModelPinning::Unknown;
    QString reason;        ///< one sentence a release manager understands

    static QString pinningName(ModelPinning pinning); ///< PINNED, FLOATING, PREVIEW, UNKNOWN
};
