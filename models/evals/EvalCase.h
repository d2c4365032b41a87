// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalAssertion.h"

#include <QList>
#include <QString>

/** One eval case: an input sent to the target and the assertions its answer must pass. */
struct EvalCase
{
    QString id;
    QString input;
    QList<EvalAssertion> assertions;
    int line = 0; ///< where the case starts in its file (1-based)

    /** True when one of its assertions is a json_schema (qa.structured-output). */
    bool hasSchema() const
    {
        for (const EvalAssertion &a : assertions) {
            if (a.kind == EvalAssertion::Kind::JsonSchema)
                return true;
        }
        return false;
    }
};
