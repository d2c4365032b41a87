// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

/** The glob matching of pat(GLOB): `*` matches any run of characters, `?` exactly one, the rest itself. */
namespace ConditionGlob {
/** True when the whole of text matches pattern (case-sensitive). Linear memory, no regex. */
bool matches(QStringView pattern, QStringView text);
} // namespace ConditionGlob
