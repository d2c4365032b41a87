// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <string_view>

/** One sign of a prompt-injection attempt in a logged prompt. */
struct InjectionMarker
{
    enum class Rule {
        IgnoreInstructions,  ///< "ignore all previous instructions" and its translations and paraphrases
        SystemPromptRequest, ///< "print your system prompt", "repeat the text above"
        RoleOverride,        ///< "you are now DAN", "developer mode", "STOP EVERYTHING"
        EncodedBlob,         ///< a long base64 run (not a data: URI)
    };
    Rule rule = Rule::IgnoreInstructions;
    /**
     * What matched, safe to store: only the detector's own marker words ("ignore … previous …
     * instructions"), or for a blob its length and first and last characters. Never prompt text.
     */
    QString context;
};

/**
 * Finds prompt-injection markers in a prompt (spec/detectors.md, "In logs"): deterministic word
 * rules over the prompt's lower-cased words (English, French, Spanish, German, Italian and
 * Portuguese for "ignore the previous instructions"), phrase rules for role overrides, and a
 * length rule for base64 blobs. Each rule reports at most once per text. Thread-safe.
 */
class InjectionMarkerDetector
{
public:
    /** Base64 runs shorter than this are not blobs (keys and hashes are shorter). */
    static constexpr std::size_t MIN_BLOB_LENGTH = 80;

    static QList<InjectionMarker> scan(std::string_view text);
    /** "ignore-instructions", "system-prompt-request", "role-override", "encoded-blob". */
    static QString ruleName(InjectionMarker::Rule rule);
};
