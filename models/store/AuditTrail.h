// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreError.h"
#include "store/StoreRecords.h"

class Database;

/**
 * The one writer of the append-only audit table, for every repository (checklist, rollbacks, eval
 * blessings): it stores the event with who wrote it beyond the display name, the OS account of
 * this process (Actor::osAccount) and, on PostgreSQL, the connection's own role, so no caller can
 * forget them or claim another. Runs inside the caller's write transaction.
 */
class AuditTrail
{
public:
    /** Appends event (its account and dbRole are ignored: they are this process's); *id gets the new row's id. */
    static StoreError append(Database &database, const AuditEvent &event, qint64 *id = nullptr);
};
