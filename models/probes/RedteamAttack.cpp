// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/RedteamAttack.h"

using namespace Qt::StringLiterals;

QString RedteamAttack::familyName(Family family)
{
    switch (family) {
    case Family::Hijack:
        return u"hijack"_s;
    case Family::Injection:
        return u"injection"_s;
    case Family::Leak:
        return u"leak"_s;
    case Family::Sanitization:
        return u"sanitization"_s;
    }
    return {};
}
