// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/**
 * What a reviewer may read of a logged call: personal data (the PII detectors of
 * spec/detectors.md) replaced by its kind and a first-and-last-character sample, keys and the
 * project's secrets by their last four, and the text bounded. The stored sample holds only this.
 */
class ReviewMasker
{
public:
    static constexpr qsizetype MAX_TEXT_CHARS = 8000;

    explicit ReviewMasker(QStringList secrets = {});
    QString mask(const QString &text) const;

private:
    QStringList m_secrets;
};
