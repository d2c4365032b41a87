// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts/PromptDiff.h"

#include <QStringDecoder>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {
/** Beyond this many edits the diff gives up on a minimal script (memory is quadratic in it). */
constexpr int MAX_EDIT_DISTANCE = 2000;
constexpr int MAX_WORD_TOKENS = 600;

using Range = PromptDiffRow::Range;

/** Myers' greedy forward search over a[aBegin, aEnd) and b[bBegin, bEnd); false when too far apart. */
bool myers(const QStringList &a, int aBegin, int aEnd, const QStringList &b, int bBegin, int bEnd,
           QList<std::pair<int, int>> *out)
{
    const int n = aEnd - aBegin;
    const int m = bEnd - bBegin;
    const int max = std::min(n + m, MAX_EDIT_DISTANCE);
    const int offset = max + 1;
    std::vector<int> v(2 * static_cast<size_t>(max) + 3, 0);
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= max && found < 0; ++d) {
        trace.push_back(v);
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                                                                                   : v[offset + k - 1] + 1;
            int y = x - k;
            while (x < n && y < m && a.at(aBegin + x) == b.at(bBegin + y)) {
                ++x;
                ++y;
            }
            v[offset + k] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0)
        return false;
    // Walk the trace backwards, collecting the diagonal (matching) steps.
    QList<std::pair<int, int>> matches;
    int x = n;
    int y = m;
    for (int d = found; d >= 0; --d) {
        const std::vector<int> &pv = trace[static_cast<size_t>(d)];
        const int k = x - y;
        const bool down = (k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1]));
        const int prevK = down ? k + 1 : k - 1;
        const int prevX = pv[offset + prevK];
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            matches.append({aBegin + x - 1, bBegin + y - 1});
            --x;
            --y;
        }
        x = prevX;
        y = prevY;
    }
    std::reverse(matches.begin(), matches.end());
    out->append(matches);
    return true;
}

bool isSpace(QChar c)
{
    return c.isSpace();
}

QString collapseWhitespace(QStringView s)
{
    QString out;
    out.reserve(s.size());
    bool pendingSpace = false;
    for (QChar c : s) {
        if (isSpace(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace)
            out.append(u' ');
        pendingSpace = false;
        out.append(c);
    }
    return out;
}

void wordDiff(PromptDiffRow *row)
{
    const QString &l = row->leftText;
    const QString &r = row->rightText;
    if (l.size() > PromptDiff::MAX_LINE_CHARS || r.size() > PromptDiff::MAX_LINE_CHARS) {
        row->leftRanges = {{0, int(l.size())}};
        row->rightRanges = {{0, int(r.size())}};
        return;
    }
    const QList<Range> lt = PromptDiff::tokens(l);
    const QList<Range> rt = PromptDiff::tokens(r);
    if (lt.size() > MAX_WORD_TOKENS || rt.size() > MAX_WORD_TOKENS) {
        row->leftRanges = {{0, int(l.size())}};
        row->rightRanges = {{0, int(r.size())}};
        return;
    }
    QStringList lw;
    QStringList rw;
    for (const Range &t : lt)
        lw.append(l.mid(t.first, t.second));
    for (const Range &t : rt)
        rw.append(r.mid(t.first, t.second));
    const QList<std::pair<int, int>> common = PromptDiff::commonSubsequence(lw, rw);
    std::vector<bool> lKeep(static_cast<size_t>(lw.size()), false);
    std::vector<bool> rKeep(static_cast<size_t>(rw.size()), false);
    for (const auto &[i, j] : common) {
        lKeep[static_cast<size_t>(i)] = true;
        rKeep[static_cast<size_t>(j)] = true;
    }
    const auto collect = [](const QList<Range> &toks, const std::vector<bool> &keep) {
        QList<Range> out;
        for (qsizetype i = 0; i < toks.size(); ++i) {
            if (keep[static_cast<size_t>(i)])
                continue;
            // Merge neighbours into one range so a changed phrase is one highlight.
            if (!out.isEmpty() && out.last().first + out.last().second == toks[i].first)
                out.last().second += toks[i].second;
            else
                out.append(toks[i]);
        }
        return out;
    };
    row->leftRanges = collect(lt, lKeep);
    row->rightRanges = collect(rt, rKeep);
}
} // namespace

QString PromptDiffRow::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Equal: return u"equal"_s;
    case Kind::Changed: return u"changed"_s;
    case Kind::WhitespaceOnly: return u"whitespace"_s;
    case Kind::Removed: return u"removed"_s;
    case Kind::Added: return u"added"_s;
    }
    return {};
}

QString PromptDiff::decode(const QByteArray &bytes, bool *lossy)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder.decode(bytes);
    *lossy = decoder.hasError() || text.contains(QChar(QChar::Null));
    // NUL would end the line in most views; show it as the replacement character too.
    text.replace(QChar(QChar::Null), QChar(QChar::ReplacementCharacter));
    return text;
}

QStringList PromptDiff::splitLines(const QString &text)
{
    if (text.isEmpty())
        return {};
    QString normalised = text;
    normalised.replace(u"\r\n"_s, u"\n"_s);
    QStringList lines = normalised.split(u'\n');
    if (normalised.endsWith(u'\n'))
        lines.removeLast();
    return lines;
}

bool PromptDiff::sameIgnoringWhitespace(QStringView a, QStringView b)
{
    return collapseWhitespace(a) == collapseWhitespace(b);
}

QList<Range> PromptDiff::tokens(QStringView line)
{
    QList<Range> out;
    int i = 0;
    const int n = int(line.size());
    while (i < n) {
        const int start = i;
        if (isSpace(line[i])) {
            while (i < n && isSpace(line[i]))
                ++i;
        } else if (line[i].isLetterOrNumber() || line[i] == u'_') {
            while (i < n && (line[i].isLetterOrNumber() || line[i] == u'_'))
                ++i;
        } else {
            ++i; // punctuation is a token of its own
        }
        out.append({start, i - start});
    }
    return out;
}

QList<std::pair<int, int>> PromptDiff::commonSubsequence(const QStringList &a, const QStringList &b)
{
    QList<std::pair<int, int>> out;
    int begin = 0;
    const int aSize = int(a.size());
    const int bSize = int(b.size());
    while (begin < aSize && begin < bSize && a.at(begin) == b.at(begin)) {
        out.append({begin, begin});
        ++begin;
    }
    int aEnd = aSize;
    int bEnd = bSize;
    QList<std::pair<int, int>> tail;
    while (aEnd > begin && bEnd > begin && a.at(aEnd - 1) == b.at(bEnd - 1)) {
        --aEnd;
        --bEnd;
        tail.prepend({aEnd, bEnd});
    }
    if (begin < aEnd && begin < bEnd)
        myers(a, begin, aEnd, b, begin, bEnd, &out); // too far apart: the middle stays one changed block
    out.append(tail);
    return out;
}

PromptDiffResult PromptDiff::compare(const QByteArray &left, const QByteArray &right)
{
    PromptDiffResult result;
    QStringList a = splitLines(decode(left, &result.leftLossy));
    QStringList b = splitLines(decode(right, &result.rightLossy));
    if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
        result.truncated = true;
        a = a.mid(0, MAX_LINES);
        b = b.mid(0, MAX_LINES);
    }
    const QList<std::pair<int, int>> common = commonSubsequence(a, b);
    int i = 0;
    int j = 0;
    const auto flush = [&](int iEnd, int jEnd) {
        // A block between two matches: pair lines up in order, the rest is removed or added.
        while (i < iEnd || j < jEnd) {
            PromptDiffRow row;
            if (i < iEnd && j < jEnd) {
                row.leftLine = i;
                row.rightLine = j;
                row.leftText = a.at(i);
                row.rightText = b.at(j);
                row.kind = sameIgnoringWhitespace(row.leftText, row.rightText) ? PromptDiffRow::Kind::WhitespaceOnly
                                                                               : PromptDiffRow::Kind::Changed;
                wordDiff(&row);
                ++i;
                ++j;
            } else if (i < iEnd) {
                row.kind = PromptDiffRow::Kind::Removed;
                row.leftLine = i;
                row.leftText = a.at(i);
                ++i;
            } else {
                row.kind = PromptDiffRow::Kind::Added;
                row.rightLine = j;
                row.rightText = b.at(j);
                ++j;
            }
            ++result.changedRows;
            if (row.kind == PromptDiffRow::Kind::WhitespaceOnly)
                ++result.whitespaceOnlyRows;
            result.rows.append(row);
        }
    };
    for (const auto &[ci, cj] : common) {
        flush(ci, cj);
        PromptDiffRow row;
        row.leftLine = ci;
        row.rightLine = cj;
        row.leftText = a.at(ci);
        row.rightText = b.at(cj);
        result.rows.append(row);
        i = ci + 1;
        j = cj + 1;
    }
    flush(int(a.size()), int(b.size()));
    return result;
}
