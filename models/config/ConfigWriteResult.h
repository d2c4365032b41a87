// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigDiagnostic.h"

#include <QList>
#include <QString>

/** What ConfigWriter::write answers: written, or the loader's diagnostics (or an I/O error) and nothing written. */
struct ConfigWriteResult
{
    bool written = false;
    QString text;                         ///< the yaml that was (or would have been) written
    QList<ConfigDiagnostic> diagnostics;  ///< the loader's, exactly as `liftoff check` reports them
    QString ioError;

    /** Every diagnostic as "FILE:LINE:COL: error: MESSAGE", or the I/O error. */
    QString errorText() const;
};
