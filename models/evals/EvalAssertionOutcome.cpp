// SPDX-License-Identifier: GPL-3.0-or-later
#include "evals/EvalAssertionOutcome.h"

using namespace Qt::StringLiterals;

QJsonObject EvalAssertionOutcome::toJson() const
{
    QJsonObject o {{u"kind"_s, kind}, {u"expected"_s, expected}, {u"ok"_s, ok}};
    if (!detail.isEmpty())
        o.insert(u"detail"_s, detail);
    return o;
}

EvalAssertionOutcome EvalAssertionOutcome::fromJson(const QJsonObject &object)
{
    return {object.value(u"kind"_s).toString(), object.value(u"expected"_s).toString(),
            object.value(u"ok"_s).toBool(), object.value(u"detail"_s).toString()};
}
