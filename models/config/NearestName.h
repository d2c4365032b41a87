// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/** Finds the known name closest to a misspelt one, for "did you mean `timeout`?" hints. */
class NearestName
{
public:
    /**
     * The candidate with the smallest edit distance to input (case-insensitive), if that distance
     * is small enough to be a typo (at most max(2, length / 3)) or the input is the start of it
     * (3 characters or more); an empty string otherwise.
     * Ties go to the earlier candidate.
     */
    static QString find(const QString &input, const QStringList &candidates);
    /** Edit distance counting insertions, deletions, substitutions and swaps of neighbours as 1. */
    static int distance(QStringView a, QStringView b);
};
