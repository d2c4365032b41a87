// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ConditionOperator.h"

using namespace Qt::StringLiterals;

namespace ConditionOperatorText {

QString toString(ConditionOperator op)
{
    switch (op) {
    case ConditionOperator::Equal: return u"=="_s;
    case ConditionOperator::NotEqual: return u"!="_s;
    case ConditionOperator::Less: return u"<"_s;
    case ConditionOperator::LessOrEqual: return u"<="_s;
    case ConditionOperator::Greater: return u">"_s;
    case ConditionOperator::GreaterOrEqual: return u">="_s;
    }
    return u"=="_s;
}

bool isOrdering(ConditionOperator op)
{
    return op != ConditionOperator::Equal && op != ConditionOperator::NotEqual;
}

} // namespace ConditionOperatorText
