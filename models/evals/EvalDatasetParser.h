// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "evals/EvalDataset.h"

#include <QByteArray>
#include <QString>

/**
 * Reads an eval set: a YAML list of cases (evals/cases.yaml, spec/config.md "Eval cases") or JSONL
 * with the same fields, one case per line (chosen by the `.jsonl` suffix). Every error names the
 * file, line and column (yaml-cpp marks; JSONL line numbers and the parser's offset) and says what
 * was expected; all errors are reported, and a set with any error yields no cases. Bounded: file
 * size, case count and line length.
 */
namespace EvalDatasetParser {

constexpr qint64 MAX_FILE_BYTES = 16 * 1024 * 1024;
constexpr int MAX_CASES = 100000;
constexpr int MAX_ERRORS = 50;

/** Reads the file (relative paths are taken from baseDir). */
EvalDataset parseFile(const QString &path, const QString &baseDir = {});
EvalDataset parseYaml(const QByteArray &yaml, const QString &fileName);
EvalDataset parseJsonl(const QByteArray &jsonl, const QString &fileName);

} // namespace EvalDatasetParser
