// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreError.h"
#include "store/StoreLocation.h"

#include <QList>
#include <QString>

/**
 * Copies a whole Liftoff store into an empty one (`liftoff store copy`): SQLite to PostgreSQL when
 * a team moves to a shared store, and back when it leaves, or file to file. Every table of the
 * schema, every row with its ids, streamed from one read snapshot of the source into one write
 * transaction on the target that commits only when each table's row count (and highest id) is the
 * same on both sides, so a failed copy leaves the target as empty as it was.
 *
 * The source must already be a Liftoff store (a missing file is refused, never created); an older
 * schema is migrated by Database::open first, a newer one refused. The target is created or
 * migrated the same way, and refused when any of its tables holds a row.
 */
class StoreCopier
{
public:
    struct TableCount
    {
        QString table;
        qint64 rows = 0;
    };
    struct Result
    {
        /** Where from and to, as messages show them (never a password). */
        QString from;
        QString to;
        /** Every table in the order copied, with its verified row count. */
        QList<TableCount> tables;
        qint64 totalRows() const;
    };

    StoreCopier(StoreLocation from, StoreLocation to);

    /** Rows per INSERT statement at most (tests make batches small); the default suits both backends. */
    void setBatchRows(int rows) { m_batchRows = qMax(1, rows); }

    /** Copies; on success fills *result. On failure nothing was written to the target's tables. */
    StoreError copy(Result *result);

    /**
     * The same store under two spellings: one file (symlinks resolved), or one PostgreSQL database
     * on the same host and port. Copying a store onto itself is refused.
     */
    static bool sameStore(const StoreLocation &a, const StoreLocation &b);

private:
    StoreLocation m_from;
    StoreLocation m_to;
    int m_batchRows = 256;
};
