// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/SecretFinding.h"

#include <QList>
#include <QString>

/** Everything one repository scan found, with counts that tell what was and was not read. */
struct SecretScanResult
{
    bool ok = false;
    bool cancelled = false;
    QString error;                   ///< why the scan could not run, naming the folder
    QList<SecretFinding> findings;   ///< working-tree findings first (by path, line), then history-only ones

    int filesScanned = 0;            ///< working-tree files read
    int blobsScanned = 0;            ///< distinct history blobs read (blobs equal to a working-tree file are not read twice)
    int commitsWalked = 0;
    int skippedBinary = 0;
    int skippedTooLarge = 0;
    int skippedAllowlistedPaths = 0;
    bool isGitRepository = false;

    /** One line for the item's evidence, e.g. "3 keys (2 in history only) in 120 files, 340 blobs, 57 commits". */
    QString summary() const;
};
