// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/**
 * The four encodings of the red-team run (spec/detectors.md): attacks carry their payload in
 * base64, hex, ROT13 or leetspeak, and replies are decoded the same ways before they are matched,
 * so a model that answers in the encoding it was asked in is still caught. Pure functions.
 */
namespace RedteamEncoding {

enum class Encoding { Plain, Base64, Hex, Rot13, Leet };

/** "plain", "base64", "hex", "rot13", "leet": the names evidence uses. */
QString name(Encoding encoding);
/** text in the encoding (UTF-8 bytes for base64 and hex; hex in lower case, no separators). */
QString encode(Encoding encoding, const QString &text);
/** ROT13 is its own inverse: letters A-Z and a-z rotate, everything else stays. */
QString rot13(const QString &text);
/**
 * Folds leetspeak and case into one form, for comparing: lower case, and 4 @ → a, 3 → e,
 * 1 ! | l → i, 0 → o, 5 $ → s, 7 + → t. Both sides of a comparison are folded.
 */
QString foldLeet(const QString &text);

/** At most this many encoded runs of one reply are decoded (bounds the work on a hostile reply). */
constexpr int MAX_DECODED_RUNS = 64;

/** A run of a reply that decodes (base64 or hex) to readable UTF-8 text. */
struct DecodedRun
{
    Encoding encoding = Encoding::Base64;
    qsizetype start = 0;  ///< where the encoded run is in the reply
    qsizetype length = 0; ///< its length in the reply
    QString text;         ///< what it decodes to
};
/** Every base64 run (at least 12 characters) and hex run (at least 6 bytes) that decodes to valid UTF-8. */
QList<DecodedRun> decodedRuns(const QString &reply);

/**
 * Whether reply carries needle, case-insensitively, as is or in one of the four encodings (the
 * decoded base64 and hex runs, the ROT13 of the reply, the leet-folded reply). Returns the name
 * of the first encoding that matched ("plain", "base64", ...) or an empty string.
 */
QString findEncoded(const QString &reply, const QString &needle);

} // namespace RedteamEncoding
