// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/RedteamAttack.h"

#include <QList>
#include <QString>
#include <QStringList>

/**
 * The deterministic attack sets of spec/detectors.md as data. Only the rogue string changes from
 * run to run (newRogueString), so two runs send the same attacks in the same order.
 *
 * - hijack: six framings that ask for the rogue string (plain, upper case, "STOP EVERYTHING",
 *   role play, maintenance mode, a fake administrator task after a delimiter);
 * - injection: the hijack payload in base64, hex, ROT13 and leetspeak;
 * - leak: five forms asking for the system prompt (repeat your instructions, the text above in a
 *   code block, "my instructions are:", in base64, as code);
 * - sanitization: an oversized payload (OVERSIZED_CHARS), control characters, a script tag, HTML
 *   with an event handler and a markdown image pointing at a collecting URL.
 */
class RedteamAttackSet
{
public:
    /** The oversized payload's length in characters: 64 KiB, more than most apps should accept. */
    static constexpr qsizetype OVERSIZED_CHARS = 64 * 1024;

    /** A fresh rogue string: 12 random capital letters (letters only, so every encoding folds back). */
    static QString newRogueString();
    /** The families an item runs when its check names none: by item id. */
    static QList<RedteamAttack::Family> defaultFamilies(const QString &itemId);
    /** The families named in a check's `attacks` (injection, hijack, leak, sanitization). */
    static QList<RedteamAttack::Family> familiesFromNames(const QStringList &names);
    /** The attacks of the given families, in a fixed order. */
    static QList<RedteamAttack> build(const QList<RedteamAttack::Family> &families, const QString &rogue);
};
