// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/SecretRef.h"

using namespace Qt::StringLiterals;

namespace {
constexpr QStringView ENV_PREFIX = u"env:";
constexpr QStringView KEYCHAIN_PREFIX = u"keychain:";
constexpr qsizetype HINT_MIN_LENGTH = 8;
constexpr qsizetype HINT_CHARS = 4;

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}
} // namespace

std::optional<SecretRef> SecretRef::parse(QStringView text)
{
    SecretRef ref;
    QStringView name;
    if (text.startsWith(ENV_PREFIX)) {
        ref.store = Store::Env;
        name = text.sliced(ENV_PREFIX.size());
    } else if (text.startsWith(KEYCHAIN_PREFIX)) {
        ref.store = Store::Keychain;
        name = text.sliced(KEYCHAIN_PREFIX.size());
    } else {
        return std::nullopt;
    }
    if (!isValidName(name))
        return std::nullopt;
    ref.name = name.toString();
    return ref;
}

bool SecretRef::hasReferencePrefix(QStringView text)
{
    return text.startsWith(ENV_PREFIX) || text.startsWith(KEYCHAIN_PREFIX);
}

bool SecretRef::isValidName(QStringView name)
{
    if (name.isEmpty() || !(isAsciiLetter(name.front()) || name.front() == u'_'))
        return false;
    for (QChar c : name) {
        if (!(isAsciiLetter(c) || isAsciiDigit(c) || c == u'_' || c == u'.' || c == u'-'))
            return false;
    }
    return true;
}

QString SecretRef::redactedHint(QStringView value)
{
    if (value.size() < HINT_MIN_LENGTH)
        return u"…"_s;
    return u"…"_s + value.last(HINT_CHARS);
}

QString SecretRef::toString() const
{
    return (store == Store::Env ? ENV_PREFIX : KEYCHAIN_PREFIX).toString() + name;
}
