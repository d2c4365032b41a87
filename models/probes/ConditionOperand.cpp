// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ConditionOperand.h"

using namespace Qt::StringLiterals;

QString ConditionOperand::functionName() const
{
    switch (kind) {
    case Kind::Term: return QString();
    case Kind::Length: return u"len"_s;
    case Kind::Exists: return u"has"_s;
    case Kind::Pattern: return u"pat"_s;
    case Kind::AnyOf: return u"any"_s;
    }
    return QString();
}
