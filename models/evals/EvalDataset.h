// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/ConfigDiagnostic.h"
#include "evals/EvalCase.h"

#include <QList>
#include <QString>

/** An eval set as read from its file: the cases, or every error found (each with file:line:column). */
struct EvalDataset
{
    QString path;
    QList<EvalCase> cases;
    QList<ConfigDiagnostic> errors;

    bool ok() const { return errors.isEmpty(); }
    /** The cases with a json_schema assertion. */
    QList<EvalCase> schemaCases() const
    {
        QList<EvalCase> out;
        for (const EvalCase &c : cases) {
            if (c.hasSchema())
                out.append(c);
        }
        return out;
    }
};
