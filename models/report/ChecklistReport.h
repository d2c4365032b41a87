// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checklist/Verdict.h"
#include "store/StoreRecords.h"

#include <QJsonObject>
#include <QList>
#include <QString>

/**
 * The checklist of one deployment as `check`, `status` and `report` print it: built once from the
 * stored states, then rendered as text, JSON (spec/cli.md), JUnit XML or Markdown.
 */
class ChecklistReport
{
public:
    ChecklistReport(QString projectName, DeploymentRecord deployment, QList<EvaluatedItem> items);

    const QList<EvaluatedItem> &items() const { return m_items; }
    const VerdictResult &verdict() const { return m_verdict; }

    QJsonObject toJson() const;
    QString toText(bool colour) const;
    QString toMarkdown() const;
    QString toJUnit() const;

    /**
     * Removes secret values from evidence: the values of secret-named fields, URL query tokens and
     * key shapes (SecretRedactor); keeps "••••" plus at most the last four characters.
     */
    static QJsonObject redactEvidence(const QJsonObject &evidence);
    /** Items with key shapes hidden in summaries, notes, conditions and evidence (what a report shows). */
    static QList<EvaluatedItem> redactItems(QList<EvaluatedItem> items);

private:
    QString m_projectName;
    DeploymentRecord m_deployment;
    QList<EvaluatedItem> m_items;
    VerdictResult m_verdict;
};
