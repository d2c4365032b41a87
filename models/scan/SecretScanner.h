// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/SecretDetector.h"
#include "scan/SecretScanOptions.h"
#include "scan/SecretScanProgress.h"
#include "scan/SecretScanResult.h"

#include <atomic>

/**
 * Scans a repository for provider keys (api.keys-in-env): the working tree as git sees it
 * (.gitignore respected, .git skipped) and every blob reachable from any ref, each distinct blob
 * read once and attributed to the first commit that holds it. Blocking and CPU-heavy: run it on a
 * worker (QtConcurrent::run); progress is reported on the calling thread, cancel is polled.
 */
class SecretScanner
{
public:
    explicit SecretScanner(SecretScanOptions options = {});

    SecretScanResult scanRepository(const QString &folder, const SecretScanProgressCallback &progress = {},
                                    const std::atomic<bool> *cancel = nullptr) const;

    /** Scans one text (e.g. a liftoff.yaml value); origin becomes the finding's file. */
    QList<SecretFinding> scanText(QStringView text, const QString &origin) const;

    const SecretScanOptions &options() const { return m_options; }

private:
    SecretScanOptions m_options;
};
