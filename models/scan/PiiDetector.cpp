// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/PiiDetector.h"

#include <QHostAddress>

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>

using namespace Qt::StringLiterals;

namespace {

// ISO 3166-1 country codes in use as ccTLDs, plus ac, eu, su, uk, and the generic TLDs people
// write e-mail addresses with. Reserved names (test, example, invalid, localhost, local) are not
// top-level domains, so "bot@shop.test" is not a finding.
constexpr std::string_view TOP_LEVEL_DOMAINS =
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo bq br bs bt bv bw by bz "
    "ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo "
    "fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je "
    "jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp "
    "mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py "
    "qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm "
    "tn to tr tt tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw "
    "com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs cat post xxx "
    "app dev page cloud online site shop store tech xyz top club blog email digital agency company solutions "
    "services systems network link live news media studio design art global group world space website host "
    "health bank insurance finance capital money law legal consulting ventures academy school university "
    "education energy life love fun games game team today works zone support software social market "
    "marketing management partners plus pub red rocks run sale science security ltd llc inc gmbh "
    "berlin london paris nyc tokyo amsterdam swiss bayern wales scot eus gal quebec africa";

const std::unordered_set<std::string_view> &topLevelDomains()
{
    static const std::unordered_set<std::string_view> set = [] {
        std::unordered_set<std::string_view> s;
        std::size_t i = 0;
        while (i < TOP_LEVEL_DOMAINS.size()) {
            const std::size_t space = TOP_LEVEL_DOMAINS.find(' ', i);
            const std::size_t end = space == std::string_view::npos ? TOP_LEVEL_DOMAINS.size() : space;
            if (end > i)
                s.insert(TOP_LEVEL_DOMAINS.substr(i, end - i));
            i = end + 1;
        }
        return s;
    }();
    return set;
}

// IBAN lengths per country (SWIFT IBAN registry).
const std::unordered_map<std::string_view, int> &ibanLengths()
{
    static const std::unordered_map<std::string_view, int> table {
        {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
        {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27},
        {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27},
        {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22},
        {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32},
        {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19},
        {"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
        {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
        {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23},
        {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
    };
    return table;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isAlpha(char c)
{
    return isUpper(c) || isLower(c);
}
bool isAlnum(char c)
{
    return isDigit(c) || isAlpha(c);
}
bool isWordByte(char c)
{
    return isAlnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
char lower(char c)
{
    return isUpper(c) ? char(c - 'A' + 'a') : c;
}
bool isLocalPartChar(char c)
{
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/** True when nothing word-like or number-like continues at @p end. */
bool endsCleanly(std::string_view text, std::size_t end)
{
    if (end >= text.size())
        return true;
    const char c = text[end];
    if (isWordByte(c))
        return false;
    // "1.2.3.4.5", "123-45-6789-0": the number goes on after a separator.
    if ((c == '.' || c == '-') && end + 1 < text.size() && isDigit(text[end + 1]))
        return false;
    return true;
}

/** True when a number may start at @p at: not inside a word or a longer dotted number. */
bool startsCleanly(std::string_view text, std::size_t at)
{
    if (at == 0)
        return true;
    const char c = text[at - 1];
    return !isWordByte(c) && c != '.';
}

/** True when one of the context words ends within @p reach bytes before @p at (any case, word start). */
bool contextBefore(std::string_view text, std::size_t at, std::size_t reach, std::initializer_list<std::string_view> words)
{
    const std::size_t from = at > reach ? at - reach : 0;
    for (std::size_t i = from; i < at; ++i) {
        if (i > 0 && isAlpha(text[i - 1]))
            continue;
        for (const std::string_view word : words) {
            if (i + word.size() > at)
                continue;
            bool same = true;
            for (std::size_t k = 0; k < word.size() && same; ++k)
                same = lower(text[i + k]) == word[k];
            if (same && (i + word.size() == text.size() || !isAlpha(text[i + word.size()])))
                return true;
        }
    }
    return false;
}

/** A digit group run: digits separated by single separators of one kind. */
struct DigitRun
{
    std::string digits;
    std::array<std::size_t, 24> groupEnds {}; ///< offsets (in text) just past each group
    std::array<std::size_t, 24> digitsAt {};  ///< digit count at each group end
    int groups = 0;
    std::size_t end = 0;
    char separator = 0;
};

DigitRun readDigitGroups(std::string_view text, std::size_t at, std::size_t maxDigits, std::string_view separators)
{
    DigitRun run;
    std::size_t i = at;
    while (true) {
        const std::size_t groupStart = i;
        while (i < text.size() && isDigit(text[i]) && run.digits.size() <= maxDigits)
            run.digits.push_back(text[i++]);
        if (i == groupStart)
            break;
        if (run.groups < int(run.groupEnds.size())) {
            run.groupEnds[std::size_t(run.groups)] = i;
            run.digitsAt[std::size_t(run.groups)] = run.digits.size();
            ++run.groups;
        }
        run.end = i;
        if (run.digits.size() > maxDigits || i + 1 >= text.size())
            break;
        const char c = text[i];
        if (separators.find(c) == std::string_view::npos || !isDigit(text[i + 1]))
            break;
        if (run.separator != 0 && c != run.separator)
            break;
        run.separator = c;
        ++i;
    }
    return run;
}

bool ipv4Octets(std::string_view text, std::size_t at, std::size_t *end)
{
    std::size_t i = at;
    for (int part = 0; part < 4; ++part) {
        const std::size_t start = i;
        while (i < text.size() && isDigit(text[i]) && i - start < 4)
            ++i;
        const std::size_t n = i - start;
        if (n == 0 || n > 3 || (n > 1 && text[start] == '0'))
            return false;
        if (part < 3) {
            if (i >= text.size() || text[i] != '.')
                return false;
            ++i;
        }
    }
    *end = i;
    return true;
}

/** Version strings look like addresses: "v1.2.3.4", "version 10.0.19041.1", "build 4.2.0.1". */
bool versionContext(std::string_view text, std::size_t at)
{
    if (at > 0 && (text[at - 1] == 'v' || text[at - 1] == 'V'))
        return true;
    return contextBefore(text, at, 12, {"version", "ver", "release", "build", "firmware", "rev"});
}

bool ignoredAddress(const QHostAddress &address)
{
    return address.isLoopback() || address == QHostAddress(QHostAddress::AnyIPv4)
        || address == QHostAddress(QHostAddress::AnyIPv6) || address == QHostAddress(QHostAddress::Broadcast);
}

} // namespace

namespace PiiKindText {
QString toString(PiiKind kind)
{
    switch (kind) {
    case PiiKind::Email: return u"email"_s;
    case PiiKind::Phone: return u"phone"_s;
    case PiiKind::Card: return u"card"_s;
    case PiiKind::Iban: return u"iban"_s;
    case PiiKind::Ssn: return u"ssn"_s;
    case PiiKind::Ip: return u"ip"_s;
    }
    return {};
}

std::optional<PiiKind> fromString(const QString &text)
{
    for (const PiiKind kind : all()) {
        if (toString(kind) == text)
            return kind;
    }
    return std::nullopt;
}

const QList<PiiKind> &all()
{
    static const QList<PiiKind> kinds {PiiKind::Email, PiiKind::Phone, PiiKind::Card,
                                       PiiKind::Iban,  PiiKind::Ssn,   PiiKind::Ip};
    return kinds;
}
} // namespace PiiKindText

PiiDetector::PiiDetector(const QList<PiiKind> &kinds)
{
    for (const PiiKind kind : kinds)
        m_mask |= bit(kind);
}

bool PiiDetector::luhnValid(std::string_view digits)
{
    int sum = 0;
    int count = 0;
    bool doubled = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (!isDigit(*it))
            continue;
        int d = *it - '0';
        if (doubled) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        doubled = !doubled;
        ++count;
    }
    return count > 1 && sum % 10 == 0;
}

int PiiDetector::ibanLength(std::string_view country)
{
    const auto it = ibanLengths().find(country);
    return it == ibanLengths().end() ? 0 : it->second;
}

bool PiiDetector::ibanValid(std::string_view compact)
{
    if (compact.size() < 5 || !isUpper(compact[0]) || !isUpper(compact[1]) || !isDigit(compact[2]) || !isDigit(compact[3]))
        return false;
    if (ibanLength(compact.substr(0, 2)) != int(compact.size()))
        return false;
    // ISO 13616: the first four characters move to the end, letters become 10..35, mod 97 must be 1.
    int remainder = 0;
    for (std::size_t k = 0; k < compact.size(); ++k) {
        const char c = compact[(k + 4) % compact.size()];
        if (isDigit(c)) {
            remainder = (remainder * 10 + (c - '0')) % 97;
        } else if (isUpper(c)) {
            const int value = c - 'A' + 10;
            remainder = (remainder * 100 + value) % 97;
        } else {
            return false;
        }
    }
    return remainder == 1;
}

bool PiiDetector::ssnValid(std::string_view text)
{
    if (text.size() != 11)
        return false;
    const char sep = text[3];
    if ((sep != '-' && sep != ' ') || text[6] != sep)
        return false;
    std::string digits;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == 3 || i == 6)
            continue;
        if (!isDigit(text[i]))
            return false;
        digits.push_back(text[i]);
    }
    const int area = std::stoi(digits.substr(0, 3));
    const int group = std::stoi(digits.substr(3, 2));
    const int serial = std::stoi(digits.substr(5, 4));
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0)
        return false;
    if (std::all_of(digits.begin(), digits.end(), [&](char c) { return c == digits.front(); }))
        return false;
    // Numbers printed in advertising and documentation (Woolworth's wallet card, 123-45-6789, ...).
    static const std::array<std::string_view, 5> samples {"078051120", "123456789", "219099999", "457555462",
                                                          "987654320"};
    return std::find(samples.begin(), samples.end(), std::string_view(digits)) == samples.end();
}

bool PiiDetector::isTopLevelDomain(std::string_view label)
{
    if (label.size() < 2 || label.size() > 24)
        return false;
    std::string lowered(label);
    for (char &c : lowered) {
        if (!isAlpha(c))
            return false;
        c = lower(c);
    }
    return topLevelDomains().contains(lowered);
}

QString PiiDetector::sample(std::string_view value)
{
    const QString text = QString::fromUtf8(value.data(), qsizetype(value.size()));
    const QList<uint> points = text.toUcs4();
    if (points.size() <= 2)
        return u"…"_s;
    return QString::fromUcs4(reinterpret_cast<const char32_t *>(&points.first()), 1) + u'…'
        + QString::fromUcs4(reinterpret_cast<const char32_t *>(&points.last()), 1);
}

std::size_t PiiDetector::tryEmail(std::string_view text, std::size_t at, std::size_t floor, std::size_t *start) const
{
    std::size_t left = at;
    while (left > floor && at - left < 64 && isLocalPartChar(text[left - 1]))
        --left;
    while (left < at && (text[left] == '.' || text[left] == '-' || text[left] == '+'))
        ++left;
    if (left == at || text[at - 1] == '.')
        return 0;
    std::size_t i = at + 1;
    std::size_t lastLabel = i;
    int labels = 0;
    while (i < text.size() && i - at < 254) {
        const std::size_t labelStart = i;
        while (i < text.size() && (isAlnum(text[i]) || text[i] == '-'))
            ++i;
        if (i == labelStart)
            break;
        ++labels;
        lastLabel = labelStart;
        if (i + 1 < text.size() && text[i] == '.' && isAlnum(text[i + 1]))
            ++i;
        else
            break;
    }
    if (labels < 2 || (i < text.size() && (text[i] == '@' || isWordByte(text[i]))))
        return 0;
    if (!isTopLevelDomain(text.substr(lastLabel, i - lastLabel)))
        return 0;
    *start = left;
    return i - left;
}

std::size_t PiiDetector::tryNumber(std::string_view text, std::size_t at, PiiKind *kind) const
{
    const bool plus = text[at] == '+';
    if (!plus && !startsCleanly(text, at))
        return 0;
    if (plus) {
        if (!enabled(PiiKind::Phone) || (at > 0 && isWordByte(text[at - 1])) || at + 1 >= text.size()
            || !isDigit(text[at + 1]) || text[at + 1] == '0')
            return 0;
    }

    if (!plus && enabled(PiiKind::Ip)) {
        std::size_t end = 0;
        if (ipv4Octets(text, at, &end) && endsCleanly(text, end) && !versionContext(text, at)) {
            const QHostAddress address(QString::fromLatin1(text.data() + at, qsizetype(end - at)));
            if (address.protocol() == QAbstractSocket::IPv4Protocol && !ignoredAddress(address)) {
                *kind = PiiKind::Ip;
                return end - at;
            }
        }
    }
    if (!plus && enabled(PiiKind::Ssn) && at + 11 <= text.size() && ssnValid(text.substr(at, 11))
        && endsCleanly(text, at + 11)) {
        *kind = PiiKind::Ssn;
        return 11;
    }
    if (!plus && enabled(PiiKind::Card) && text[at] >= '2' && text[at] <= '6') {
        const DigitRun run = readDigitGroups(text, at, 19, " -");
        // The whole run first, then shorter runs ending at a group boundary ("4111 1111 1111 1111 2").
        for (int g = run.groups - 1; g >= 0; --g) {
            const std::size_t n = run.digitsAt[std::size_t(g)];
            const std::size_t end = run.groupEnds[std::size_t(g)];
            if (n < 13)
                break;
            if (n > 19 || !endsCleanly(text, end))
                continue;
            if (luhnValid(std::string_view(run.digits).substr(0, n))) {
                *kind = PiiKind::Card;
                return end - at;
            }
        }
    }
    if (enabled(PiiKind::Phone)) {
        // Digits with single separators; "(415) 555-0132" and "+44 (0)20 7946 0958" have parentheses.
        std::size_t i = plus ? at + 1 : at;
        std::size_t lastDigitEnd = i;
        int digits = 0;
        char previousSeparator = 0;
        while (i < text.size() && digits <= 15) {
            const char c = text[i];
            if (isDigit(c)) {
                ++digits;
                lastDigitEnd = ++i;
                previousSeparator = 0;
                continue;
            }
            if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')')
                break;
            if (previousSeparator != 0 && !(previousSeparator == ')' && c == ' ') && !(previousSeparator == ' ' && c == '('))
                break;
            previousSeparator = c;
            ++i;
        }
        i = lastDigitEnd;
        const bool clean = endsCleanly(text, i);
        if (plus && clean && digits >= 7 && digits <= 15) {
            *kind = PiiKind::Phone;
            return i - at;
        }
        if (!plus && clean && digits >= 7 && digits <= 12
            && contextBefore(text, at, 32, {"phone", "phones", "telephone", "tel", "mobile", "call", "cell", "whatsapp", "sms"})) {
            *kind = PiiKind::Phone;
            return i - at;
        }
    }
    return 0;
}

std::size_t PiiDetector::tryIpv6(std::string_view text, std::size_t at, std::size_t floor, std::size_t *start) const
{
    // An address has at most 45 characters; longer hex-and-colon runs are something else.
    constexpr std::size_t MAX_ADDRESS = 45;
    std::size_t left = at;
    while (left > floor && at - left <= MAX_ADDRESS && (isHex(text[left - 1]) || text[left - 1] == ':'))
        --left;
    std::size_t right = at;
    while (right < text.size() && right - left <= MAX_ADDRESS
           && (isHex(text[right]) || text[right] == ':' || text[right] == '.'))
        ++right;
    if (right - left > MAX_ADDRESS)
        return 0;
    while (right > at && text[right - 1] == '.')
        --right;
    if ((left > 0 && (isWordByte(text[left - 1]) || text[left - 1] == '.')) || !endsCleanly(text, right))
        return 0;
    const std::string_view candidate = text.substr(left, right - left);
    if (candidate.size() < 3 || std::count(candidate.begin(), candidate.end(), ':') < 2)
        return 0;
    // "a::b" parses, but scope operators are no addresses: ask for three groups or a full 4-digit one.
    int groups = 0;
    std::size_t longest = 0;
    for (std::size_t k = 0; k < candidate.size();) {
        const std::size_t next = std::min(candidate.find(':', k), candidate.size());
        if (next > k) {
            ++groups;
            longest = std::max(longest, next - k);
        }
        k = next + 1;
    }
    if (groups < 3 && longest < 4)
        return 0;
    const QHostAddress address(QString::fromLatin1(candidate.data(), qsizetype(candidate.size())));
    if (address.protocol() != QAbstractSocket::IPv6Protocol || ignoredAddress(address))
        return 0;
    *start = left;
    return right - left;
}

std::size_t PiiDetector::tryIban(std::string_view text, std::size_t at) const
{
    if ((at > 0 && isWordByte(text[at - 1])) || at + 4 > text.size() || !isUpper(text[at + 1]) || !isDigit(text[at + 2])
        || !isDigit(text[at + 3]))
        return 0;
    const int length = ibanLength(text.substr(at, 2));
    if (length == 0)
        return 0;
    std::string compact;
    std::size_t i = at;
    std::size_t endAtLength = 0;
    while (i < text.size() && int(compact.size()) < length) {
        const char c = text[i];
        if (isUpper(c) || isDigit(c)) {
            compact.push_back(c);
            ++i;
            if (int(compact.size()) == length)
                endAtLength = i;
        } else if (c == ' ' && i + 1 < text.size() && (isUpper(text[i + 1]) || isDigit(text[i + 1])) && i > at
                   && text[i - 1] != ' ') {
            ++i;
        } else {
            break;
        }
    }
    if (int(compact.size()) != length || !endsCleanly(text, endAtLength) || !ibanValid(compact))
        return 0;
    return endAtLength - at;
}

void PiiDetector::scan(std::string_view text, const std::function<void(const PiiMatch &)> &found) const
{
    const bool numbers = enabled(PiiKind::Card) || enabled(PiiKind::Ssn) || enabled(PiiKind::Phone) || enabled(PiiKind::Ip);
    std::size_t floor = 0; // findings never overlap: nothing before this is looked at again
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const char c = text[i];
        if (c == '@' && enabled(PiiKind::Email)) {
            std::size_t start = 0;
            if (const std::size_t length = tryEmail(text, i, floor, &start)) {
                found({PiiKind::Email, start, length});
                floor = i = start + length;
                continue;
            }
            ++i;
            continue;
        }
        if (c == ':' && enabled(PiiKind::Ip)) {
            std::size_t start = 0;
            if (const std::size_t length = tryIpv6(text, i, floor, &start)) {
                found({PiiKind::Ip, start, length});
                floor = i = start + length;
                continue;
            }
            // Skip the rest of this hex-and-colon run: every colon in it gives the same answer.
            ++i;
            while (i < n && (isHex(text[i]) || text[i] == ':' || text[i] == '.'))
                ++i;
            continue;
        }
        if ((isDigit(c) || c == '+') && numbers) {
            PiiKind kind = PiiKind::Phone;
            if (const std::size_t length = tryNumber(text, i, &kind)) {
                found({kind, i, length});
                floor = i = i + length;
                continue;
            }
        } else if (isUpper(c) && enabled(PiiKind::Iban)) {
            if (const std::size_t length = tryIban(text, i)) {
                found({PiiKind::Iban, i, length});
                floor = i = i + length;
                continue;
            }
        }
        if (isAlnum(c)) {
            // The rest of the word cannot start a finding.
            ++i;
            while (i < n && isAlnum(text[i]))
                ++i;
            continue;
        }
        ++i;
    }
}

QList<PiiMatch> PiiDetector::findAll(std::string_view text) const
{
    QList<PiiMatch> matches;
    scan(text, [&matches](const PiiMatch &m) { matches.append(m); });
    return matches;
}
