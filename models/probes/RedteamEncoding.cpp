// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/RedteamEncoding.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace RedteamEncoding {

namespace {
/** The UTF-8 text of bytes, or nullopt when they are not valid UTF-8 or hold control characters. */
std::optional<QString> readableUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    if (decoder.hasError() || text.isEmpty())
        return std::nullopt;
    for (const QChar c : text) {
        // Random base64-looking words decode to binary noise: only text is worth matching.
        if (c.unicode() < 0x20 && c != u'\n' && c != u'\r' && c != u'\t')
            return std::nullopt;
    }
    return text;
}
} // namespace

QString name(Encoding encoding)
{
    switch (encoding) {
    case Encoding::Plain:
        return u"plain"_s;
    case Encoding::Base64:
        return u"base64"_s;
    case Encoding::Hex:
        return u"hex"_s;
    case Encoding::Rot13:
        return u"rot13"_s;
    case Encoding::Leet:
        return u"leet"_s;
    }
    return {};
}

QString rot13(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        if (u >= u'a' && u <= u'z')
            c = QChar(u'a' + (u - u'a' + 13) % 26);
        else if (u >= u'A' && u <= u'Z')
            c = QChar(u'A' + (u - u'A' + 13) % 26);
    }
    return out;
}

QString foldLeet(const QString &text)
{
    QString out = text.toLower();
    for (QChar &c : out) {
        switch (c.unicode()) {
        case u'4':
        case u'@':
            c = u'a';
            break;
        case u'3':
            c = u'e';
            break;
        case u'1':
        case u'!':
        case u'|':
        case u'l':
            c = u'i';
            break;
        case u'0':
            c = u'o';
            break;
        case u'5':
        case u'$':
            c = u's';
            break;
        case u'7':
        case u'+':
            c = u't';
            break;
        default:
            break;
        }
    }
    return out;
}

QString encode(Encoding encoding, const QString &text)
{
    switch (encoding) {
    case Encoding::Plain:
        return text;
    case Encoding::Base64:
        return QString::fromLatin1(text.toUtf8().toBase64());
    case Encoding::Hex:
        return QString::fromLatin1(text.toUtf8().toHex());
    case Encoding::Rot13:
        return rot13(text);
    case Encoding::Leet: {
        QString out = text;
        for (QChar &c : out) {
            switch (c.toLower().unicode()) {
            case u'a':
                c = u'4';
                break;
            case u'e':
                c = u'3';
                break;
            case u'i':
                c = u'1';
                break;
            case u'o':
                c = u'0';
                break;
            case u's':
                c = u'5';
                break;
            case u't':
                c = u'7';
                break;
            default:
                break;
            }
        }
        return out;
    }
    }
    return text;
}

QList<DecodedRun> decodedRuns(const QString &reply)
{
    QList<DecodedRun> runs;
    // Hex first: every hex run is also base64-shaped, and its hex reading is the one meant.
    static const QRegularExpression hexRun(u"(?:[0-9A-Fa-f]{2}[ :]?){6,}"_s);
    static const QRegularExpression base64Run(u"[A-Za-z0-9+/_-]{12,}={0,2}"_s);
    for (auto it = hexRun.globalMatch(reply); it.hasNext() && runs.size() < MAX_DECODED_RUNS;) {
        const QRegularExpressionMatch m = it.next();
        QString digits = m.captured();
        digits.remove(u' ').remove(u':');
        if (digits.size() % 2 != 0)
            digits.chop(1);
        if (const auto text = readableUtf8(QByteArray::fromHex(digits.toLatin1())))
            runs.append({Encoding::Hex, m.capturedStart(), m.capturedLength(), *text});
    }
    for (auto it = base64Run.globalMatch(reply); it.hasNext() && runs.size() < MAX_DECODED_RUNS;) {
        const QRegularExpressionMatch m = it.next();
        const QByteArray encoded = m.captured().toLatin1();
        const auto options = encoded.contains('-') || encoded.contains('_') ? QByteArray::Base64UrlEncoding
                                                                             : QByteArray::Base64Encoding;
        const auto decoded = QByteArray::fromBase64Encoding(encoded, options);
        if (!decoded)
            continue;
        if (const auto text = readableUtf8(*decoded))
            runs.append({Encoding::Base64, m.capturedStart(), m.capturedLength(), *text});
    }
    return runs;
}

QString findEncoded(const QString &reply, const QString &needle)
{
    if (needle.isEmpty())
        return {};
    if (reply.contains(needle, Qt::CaseInsensitive))
        return name(Encoding::Plain);
    for (const DecodedRun &run : decodedRuns(reply)) {
        if (run.text.contains(needle, Qt::CaseInsensitive))
            return name(run.encoding);
    }
    if (rot13(reply).contains(needle, Qt::CaseInsensitive))
        return name(Encoding::Rot13);
    if (foldLeet(reply).contains(foldLeet(needle)))
        return name(Encoding::Leet);
    return {};
}

} // namespace RedteamEncoding
