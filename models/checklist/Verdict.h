// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"
#include "checklist/ItemState.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <chrono>

enum class VerdictKind { Go, ConditionalGo, NoGo };

/** An item with the status that counts now (after waiver expiry, freshness and runner rules). */
struct EvaluatedItem
{
    ChecklistItem item;
    ItemState state;    ///< as stored
    Status effective = Status::Pending;
    QString summary;    ///< the stored summary, or why the effective status differs
    bool counts = true; ///< false for post-deployment items before release
};

struct VerdictResult
{
    VerdictKind kind = VerdictKind::Go;
    QStringList blocking;    ///< must items that make it No-Go
    QStringList conditional; ///< should items (and waivers) that make it Conditional Go
    QHash<Status, int> counts;
};

/** The rules of spec/checklist.md as pure functions. */
namespace VerdictRules {

struct Context
{
    QDateTime now;
    bool released = false;
    /** Probe kinds this build can run; a probe item of another kind is not-reported. */
    QSet<QString> runnableProbeKinds;
    /** Per-item freshness windows (seconds); older probe results count as not-reported. */
    QHash<QString, qint64> freshnessSeconds;
    /** Items the project file marks `na`, with the reason given there. */
    QHash<QString, QString> notApplicable;
};

/** The status that counts for an item now, with the summary that explains it. */
EvaluatedItem evaluate(const ChecklistItem &item, const ItemState &state, const Context &context);
/** The verdict over evaluated items. */
VerdictResult verdict(const QList<EvaluatedItem> &items);

QString toString(VerdictKind kind);     ///< "go", "conditional-go", "no-go"
QString displayName(VerdictKind kind);  ///< "Go", "Conditional Go", "No-Go"
} // namespace VerdictRules
