// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/SourceMasker.h"

SourceMasker::Masked SourceMasker::mask(QByteArrayView source, SourceLanguage language)
{
    Masked out {source.toByteArray(), source.toByteArray()};
    auto blank = [&](QByteArray &target, qsizetype from, qsizetype to) {
        for (qsizetype i = from; i < to; ++i) {
            if (target[i] != '\n')
                target[i] = ' ';
        }
    };
    const qsizetype n = source.size();
    const bool hashComments = language != SourceLanguage::JavaScript;
    qsizetype i = 0;
    while (i < n) {
        const char c = source[i];
        if ((hashComments && c == '#') || (!hashComments && c == '/' && i + 1 < n && source[i + 1] == '/')) {
            qsizetype end = source.indexOf('\n', i);
            if (end < 0)
                end = n;
            blank(out.withoutComments, i, end);
            blank(out.withoutCommentsAndStrings, i, end);
            i = end;
            continue;
        }
        if (!hashComments && c == '/' && i + 1 < n && source[i + 1] == '*') {
            qsizetype end = source.indexOf("*/", i + 2);
            end = end < 0 ? n : end + 2;
            blank(out.withoutComments, i, end);
            blank(out.withoutCommentsAndStrings, i, end);
            i = end;
            continue;
        }
        if (language == SourceLanguage::Ruby && c == '=' && (i == 0 || source[i - 1] == '\n')
            && source.sliced(i).startsWith("=begin")) {
            qsizetype end = source.indexOf("\n=end", i);
            end = end < 0 ? n : end + 5;
            blank(out.withoutComments, i, end);
            blank(out.withoutCommentsAndStrings, i, end);
            i = end;
            continue;
        }
        const bool quote = c == '"' || c == '\'' || (language == SourceLanguage::JavaScript && c == '`');
        if (!quote) {
            ++i;
            continue;
        }
        const bool triple = language == SourceLanguage::Python && i + 2 < n && source[i + 1] == c && source[i + 2] == c;
        const qsizetype contentStart = i + (triple ? 3 : 1);
        qsizetype j = contentStart;
        qsizetype contentEnd = n;
        qsizetype next = n;
        while (j < n) {
            const char d = source[j];
            if (d == '\\') {
                j += 2;
                continue;
            }
            if (d == '\n' && !triple && c != '`') {
                contentEnd = j; // unterminated single-line string ends at the line
                next = j;
                break;
            }
            if (d == c && (!triple || (j + 2 < n && source[j + 1] == c && source[j + 2] == c))) {
                contentEnd = j;
                next = j + (triple ? 3 : 1);
                break;
            }
            ++j;
        }
        blank(out.withoutCommentsAndStrings, contentStart, std::min(contentEnd, n));
        i = next;
    }
    return out;
}
