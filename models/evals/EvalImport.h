// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalCaseResult.h"

#include <QByteArray>
#include <QList>
#include <QString>

/**
 * Reads the results of other eval tools as the cases of one run (`liftoff eval import FILE`):
 * promptfoo's `output.json` (each result a case: its description or test index, the output, the
 * grading's component results as assertions) and garak's `report.jsonl` (each evaluated attempt a
 * case, each detector an assertion that holds below a score of 0.5). Outputs are redacted and
 * bounded like those of a run; the file size and the case count are bounded. Pure.
 */
namespace EvalImport {

constexpr qint64 MAX_FILE_BYTES = 64 * 1024 * 1024;
constexpr int MAX_CASES = 100000;

struct Result
{
    QString format;  ///< "promptfoo" or "garak"; empty when the file is neither
    QList<EvalCaseResult> cases;
    QString error;   ///< why nothing could be read (with the line for JSONL); empty on success
};

/** Detects the format from the content (a JSON document with results, or JSONL with entry_type). */
Result parse(const QByteArray &content);
Result parsePromptfoo(const QByteArray &json);
Result parseGarak(const QByteArray &jsonl);

} // namespace EvalImport
