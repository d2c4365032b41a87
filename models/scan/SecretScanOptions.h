// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/TextScan.h"

#include <QStringList>

/** What a secret scan covers and which findings the user has accepted. */
struct SecretScanOptions
{
    bool scanWorkingTree = true;
    bool scanHistory = true;                 ///< every blob reachable from any ref (branches, tags, remotes, stash)
    QStringList allowedPathGlobs;            ///< e.g. tests/fixtures/**, *.snap (see PathGlob)
    QStringList allowedFingerprints;         ///< SHA-256 hex of accepted keys (SecretFinding::fingerprint)
    qint64 maxFileBytes = TextScan::DEFAULT_MAX_FILE_BYTES;
    int maxLineBytes = TextScan::DEFAULT_MAX_LINE_BYTES;
    int threads = 2;                         ///< worker threads for reading and scanning (at least 1)
};
