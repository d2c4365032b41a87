// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/** A person's request to roll back (or dry-run the rollback): why, and who asks. */
struct RollbackRequest
{
    bool dryRun = false;
    QString reason;
    QString who;
};
