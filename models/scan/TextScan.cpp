// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/TextScan.h"

#include <QCryptographicHash>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace TextScan {

double shannonEntropy(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return 0.0;
    std::array<int, 256> counts {};
    for (const char c : bytes)
        ++counts[static_cast<unsigned char>(c)];
    const double total = static_cast<double>(bytes.size());
    double entropy = 0.0;
    for (const int count : counts) {
        if (count == 0)
            continue;
        const double p = count / total;
        entropy -= p * std::log2(p);
    }
    return entropy;
}

bool looksBinary(QByteArrayView bytes)
{
    const QByteArrayView head = bytes.first(std::min<qsizetype>(bytes.size(), BINARY_SNIFF_BYTES));
    return head.indexOf('\0') >= 0;
}

QString redact(QByteArrayView key, qsizetype prefixLength)
{
    prefixLength = std::clamp<qsizetype>(prefixLength, 0, key.size());
    const qsizetype rest = key.size() - prefixLength;
    // Never show more than a quarter of what follows the prefix.
    const qsizetype tail = rest >= 16 ? 4 : (rest >= 8 ? 2 : 0);
    return QString::fromLatin1(key.first(prefixLength)) + u"…"_s + QString::fromLatin1(key.last(tail));
}

QString fingerprint(QByteArrayView key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex());
}

int lineAt(QByteArrayView text, qsizetype offset, qsizetype fromOffset, int fromLine)
{
    const char *begin = text.data() + fromOffset;
    const char *end = text.data() + std::min(offset, text.size());
    return fromLine + static_cast<int>(std::count(begin, end, '\n'));
}

} // namespace TextScan
