// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

/** Small byte-level helpers shared by the source scanners: entropy, binary sniffing, redaction. */
namespace TextScan {

/** Largest file or blob the scanners read (bigger ones are skipped and counted). */
constexpr qint64 DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Longest line prefix the scanners look at; the rest of a longer line is ignored. */
constexpr int DEFAULT_MAX_LINE_BYTES = 8 * 1024;
/** How far binary sniffing looks for a NUL byte. */
constexpr int BINARY_SNIFF_BYTES = 8 * 1024;

/** Shannon entropy of the bytes in bits per character (0 for empty input). */
double shannonEntropy(QByteArrayView bytes);

/** True when a NUL byte occurs in the first BINARY_SNIFF_BYTES bytes. */
bool looksBinary(QByteArrayView bytes);

/** A key shown safely: its first prefixLength characters, "…", and its last four (two for short keys). */
QString redact(QByteArrayView key, qsizetype prefixLength);

/** Lowercase hex SHA-256 of the key: lets a user allowlist one finding without storing the key. */
QString fingerprint(QByteArrayView key);

/** 1-based line number of offset, counting '\n' from fromOffset where fromLine starts. */
int lineAt(QByteArrayView text, qsizetype offset, qsizetype fromOffset = 0, int fromLine = 1);

} // namespace TextScan
