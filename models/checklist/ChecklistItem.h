// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

enum class Level { Must, Should };
enum class Phase { Pre, Deploy, Post };
enum class BindingKind { Probe, Manual, ManualEvidence };

/** How an item's status is decided: by a probe of a kind, or by a person. */
struct Binding
{
    BindingKind kind = BindingKind::Manual;
    QString probeKind; ///< "http", "tls", ... when kind == Probe

    /** Parses "probe:KIND", "manual" or "manual+evidence". */
    static std::optional<Binding> parse(const QString &text);
    QString toString() const;
    bool operator==(const Binding &other) const = default;
};

/** One item of the checklist: its fixed identity and how it is checked. A pure value. */
struct ChecklistItem
{
    QString id;
    QString title;
    Phase phase = Phase::Pre;
    QString section;
    Level level = Level::Should;
    bool mvp = false;
    Binding binding;
    QString passesWhen;
};

namespace ChecklistText {
QString toString(Level level);
QString toString(Phase phase);
std::optional<Level> levelFromString(const QString &text);
std::optional<Phase> phaseFromString(const QString &text);
/** "Pre-deployment", "Deployment", "Post-deployment". */
QString phaseTitle(Phase phase);
} // namespace ChecklistText
