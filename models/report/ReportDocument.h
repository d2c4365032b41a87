// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/ReportData.h"

#include <QJsonObject>
#include <QList>
#include <QString>

/**
 * A deployment's full report (spec/cli.md `liftoff report`): the checklist with each item's
 * summary, conditions, note and evidence (secrets redacted), the charts and the audit trail, as
 * Markdown, JSON (the spec's report object plus `audit`) or HTML. Pure; no QtGui. PDF is the
 * HTML laid out by the app layer, with the charts as images named by chartUrl().
 */
class ReportDocument
{
public:
    enum class Charts { InlineSvg, ImageReferences };
    /** Evidence longer than this (as indented JSON) is cut, with a note. */
    static constexpr qsizetype MAX_EVIDENCE_CHARS = 6000;
    /** The audit trail lists at most this many events (the newest). */
    static constexpr qsizetype MAX_AUDIT_EVENTS = 5000;

    explicit ReportDocument(ReportData data);

    QString markdown() const;
    QJsonObject json() const;
    /** The checklist as JUnit XML (as `status --format junit`). */
    QString junit() const;
    QString html(Charts charts = Charts::InlineSvg) const;
    /** name → SVG text of each chart with something to draw ("status", "spend", "latency"). */
    QList<std::pair<QString, QString>> charts() const;
    /** The image URL of a chart in html(Charts::ImageReferences). */
    static QString chartUrl(const QString &name);

private:
    QString evidenceText(const EvaluatedItem &item) const;

    ReportData m_data;
};
