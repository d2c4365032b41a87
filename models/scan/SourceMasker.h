// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

/** Source languages the call-site and migration scanners read. */
enum class SourceLanguage { Python, JavaScript, Ruby };

/**
 * Blanks comments (and, in a second copy, string contents) of a source file with spaces, keeping
 * every offset and newline where it was, so that simple patterns and bracket counting work on
 * code only. Not a parser: JavaScript regex literals and nested template expressions are read as
 * plain code or string.
 */
class SourceMasker
{
public:
    struct Masked
    {
        QByteArray withoutComments;            ///< comments blanked, strings kept
        QByteArray withoutCommentsAndStrings;  ///< string contents blanked too (quotes kept)
    };

    static Masked mask(QByteArrayView source, SourceLanguage language);
};
