// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"
#include "checklist/ItemState.h"

#include <QDateTime>
#include <QString>

/** What a person asks for: a tick, a waiver, n/a, a note, or a reset to pending. */
struct MarkRequest
{
    enum class Action { Pass, Fail, Waive, Na, Note, Reset };
    Action action = Action::Note;
    QString note;
    QString by;
    QDateTime expires;   ///< waivers only
    QString evidence;    ///< a link or file for manual+evidence items
};

/** The outcome of applying a MarkRequest: the new state, or why it was refused. */
struct MarkOutcome
{
    bool ok = false;
    ItemState state;
    QString error;
    QString auditKind; ///< "tick", "waive", "na", "note", "reset"
};

/**
 * The rules of a manual change (spec/checklist.md): a tick carries a note, a waiver a reason and an
 * expiry in the future, n/a a reason; ticking pass over a failing probe is a waiver, never a silent
 * override (unless the probe's evidence says a pass is what it asks for, PASS_RESOLVES_KEY); a
 * manual+evidence item needs a link or file as evidence. Pure functions.
 */
namespace MarkRules {
/**
 * Evidence key (true) of a probe result that a person's pass is the answer to. Passing over such a
 * failure is allowed (and audited like any tick); every other failing probe still needs a waiver. No
 * built-in probe sets it now (qa.baseline-recorded is passed by `liftoff eval bless`, not by a tick).
 */
inline constexpr char PASS_RESOLVES_KEY[] = "passResolves";

MarkOutcome apply(const ChecklistItem &item, const ItemState &current, const MarkRequest &request,
                  const QDateTime &now);
/** Parses the CLI's status words: pass, fail, na, waived (and note, pending). */
bool actionFromString(const QString &text, MarkRequest::Action *action);
/** True when text holds an http(s) URL or names an existing file. */
bool looksLikeEvidence(const QString &text);
} // namespace MarkRules
