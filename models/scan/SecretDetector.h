// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/SecretFinding.h"
#include "scan/TextScan.h"

#include <QByteArrayView>
#include <QSet>
#include <QStringList>

/**
 * Finds provider keys in one text buffer with the shapes of spec/detectors.md: a literal prefix
 * or keyword found first (memchr/memmem speed), then the exact shape checked by hand, then a
 * Shannon-entropy gate, then the placeholder and fingerprint allowlists. Thread-safe after
 * construction (scan() is const and keeps no state).
 */
class SecretDetector
{
public:
    /** allowedFingerprints: SHA-256 hex of keys the user accepted (a 16+ character prefix is enough). */
    explicit SecretDetector(const QStringList &allowedFingerprints = {}, int maxLineBytes = TextScan::DEFAULT_MAX_LINE_BYTES);

    /** Findings in text, with file set to origin and 1-based lines; the commit fields stay empty. */
    QList<SecretFinding> scan(QByteArrayView text, const QString &origin) const;

    /** True for obvious placeholders: "...", YOUR_KEY_HERE-style words, AWS ...EXAMPLE, a body of one repeated character. */
    static bool isPlaceholder(QByteArrayView key, QByteArrayView body);

    /** All rule ids this detector reports. */
    static QStringList ruleIds();

private:
    bool isAllowedFingerprint(const QString &fingerprint) const;

    QStringList m_allowedFingerprints;
    int m_maxLineBytes;
};
