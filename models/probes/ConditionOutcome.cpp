// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ConditionOutcome.h"

using namespace Qt::StringLiterals;

const QString ConditionOutcome::MISSING = u"<missing>"_s;

QJsonObject ConditionOutcome::toJson() const
{
    QJsonObject object {{u"expr"_s, expression}, {u"actual"_s, actual}, {u"ok"_s, ok}};
    if (!error.isEmpty())
        object.insert(u"error"_s, error);
    return object;
}

ConditionOutcome ConditionOutcome::fromJson(const QJsonObject &object)
{
    ConditionOutcome outcome;
    outcome.expression = object.value(u"expr"_s).toString();
    outcome.actual = object.value(u"actual"_s).toString();
    outcome.ok = object.value(u"ok"_s).toBool();
    outcome.error = object.value(u"error"_s).toString();
    return outcome;
}
