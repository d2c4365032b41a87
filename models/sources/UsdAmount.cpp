// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/UsdAmount.h"

#include <QLocale>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace UsdAmount {

namespace {
constexpr int NANO_DIGITS = 9;
constexpr qint64 MAX_VALUE = std::numeric_limits<qint64>::max();

bool multiplyAdd(qint64 *value, qint64 factor, qint64 add)
{
    if (*value > (MAX_VALUE - add) / factor)
        return false;
    *value = *value * factor + add;
    return true;
}
} // namespace

std::optional<qint64> parseDecimal(QStringView text, int exponent)
{
    if (text.isEmpty() || text.size() > 64)
        return std::nullopt;
    qsizetype i = 0;
    bool negative = false;
    if (text.at(0) == u'-' || text.at(0) == u'+') {
        negative = text.at(0) == u'-';
        ++i;
    }
    QString intDigits;
    QString fracDigits;
    bool seenPoint = false;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'.' && !seenPoint) {
            seenPoint = true;
            continue;
        }
        if (c < u'0' || c > u'9')
            return std::nullopt;
        (seenPoint ? fracDigits : intDigits).append(c);
    }
    if (intDigits.isEmpty() && fracDigits.isEmpty())
        return std::nullopt;
    // value = 0.digits... shifted: the decimal point moves by exponent + 9 places to reach nano-USD.
    const int shift = exponent + NANO_DIGITS;
    QString all = intDigits + fracDigits;
    qsizetype pointAt = intDigits.size() + shift; // digits left of the point in nano units
    QString whole;
    QChar firstDropped = u'0';
    if (pointAt <= 0) {
        whole = QString();
        firstDropped = pointAt == 0 && !all.isEmpty() ? all.at(0) : u'0';
    } else if (pointAt >= all.size()) {
        whole = all + QString(pointAt - all.size(), u'0');
    } else {
        whole = all.left(pointAt);
        firstDropped = all.at(pointAt);
    }
    qint64 value = 0;
    for (const QChar c : std::as_const(whole)) {
        if (!multiplyAdd(&value, 10, c.unicode() - u'0'))
            return std::nullopt;
    }
    if (firstDropped >= u'5' && !multiplyAdd(&value, 1, 1))
        return std::nullopt;
    return negative ? -value : value;
}

std::optional<qint64> fromCentsString(QStringView text)
{
    return parseDecimal(text, -2);
}

std::optional<qint64> fromDouble(double usd)
{
    if (!std::isfinite(usd))
        return std::nullopt;
    // 'f' with the shortest precision: no exponent, the digits that round-trip to this double.
    return parseDecimal(QString::number(usd, 'f', QLocale::FloatingPointShortest));
}

QString toString(qint64 nanos)
{
    const bool negative = nanos < 0;
    // qint64 min has no positive counterpart; amounts that large are refused by parseDecimal anyway.
    const quint64 magnitude = negative ? quint64(0) - quint64(nanos) : quint64(nanos);
    QString fraction = u"%1"_s.arg(magnitude % quint64(NANOS_PER_USD), NANO_DIGITS, 10, QChar(u'0'));
    while (fraction.endsWith(u'0'))
        fraction.chop(1);
    QString out = QString::number(magnitude / quint64(NANOS_PER_USD));
    if (!fraction.isEmpty())
        out += u'.' + fraction;
    return negative ? u'-' + out : out;
}

double toDouble(qint64 nanos)
{
    return double(nanos) / double(NANOS_PER_USD);
}

} // namespace UsdAmount
