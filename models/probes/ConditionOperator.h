// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/** The comparison of a condition: == != < <= > >=. */
enum class ConditionOperator { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual };

namespace ConditionOperatorText {
/** "==", "!=", "<", "<=", ">", ">=". */
QString toString(ConditionOperator op);
/** True for the ordering operators < <= > >=. */
bool isOrdering(ConditionOperator op);
} // namespace ConditionOperatorText
