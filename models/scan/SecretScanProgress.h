// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <functional>

/** Where a running secret scan is; reported from the thread that called SecretScanner::scanRepository. */
struct SecretScanProgress
{
    enum class Phase { ListingFiles, WorkingTree, WalkingHistory, History };
    Phase phase = Phase::ListingFiles;
    qint64 done = 0;
    qint64 total = 0;   ///< 0 while unknown
};

using SecretScanProgressCallback = std::function<void(const SecretScanProgress &)>;
