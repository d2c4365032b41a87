// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/ChecklistItem.h"

#include <QList>
#include <QString>
#include <QStringList>

/** The built-in checklist: the 45 items of spec/checklist.md, loaded once from the resource. */
class ChecklistTemplate
{
public:
    /** The template shipped in the binary (parsed on first use, then shared). */
    static const ChecklistTemplate &builtIn();
    /** Parses a template from its JSON text; errorMessage is set when it is invalid. */
    static ChecklistTemplate fromJson(const QByteArray &json, QString *errorMessage);

    const QList<ChecklistItem> &items() const { return m_items; }
    const ChecklistItem *find(const QString &id) const;
    bool contains(const QString &id) const { return find(id) != nullptr; }
    /** Section names in the spec's order. */
    QStringList sections() const;
    QStringList ids() const;

    /** Adds or replaces items (config's custom items and rebindings); keeps the order. */
    void upsert(const ChecklistItem &item);

private:
    QList<ChecklistItem> m_items;
};
