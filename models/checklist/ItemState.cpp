// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/ItemState.h"

using namespace Qt::StringLiterals;

namespace StatusSourceText {

QString toString(StatusSource source)
{
    switch (source) {
    case StatusSource::Probe: return u"probe"_s;
    case StatusSource::Manual: return u"manual"_s;
    case StatusSource::None: break;
    }
    return {};
}

StatusSource fromString(const QString &text)
{
    if (text == u"probe")
        return StatusSource::Probe;
    if (text == u"manual")
        return StatusSource::Manual;
    return StatusSource::None;
}

} // namespace StatusSourceText
