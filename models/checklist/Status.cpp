// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/Status.h"

using namespace Qt::StringLiterals;

namespace StatusText {

QString toString(Status status)
{
    switch (status) {
    case Status::Pending: return u"pending"_s;
    case Status::Pass: return u"pass"_s;
    case Status::Warn: return u"warn"_s;
    case Status::Fail: return u"fail"_s;
    case Status::Error: return u"error"_s;
    case Status::NotReported: return u"not-reported"_s;
    case Status::Na: return u"na"_s;
    case Status::Waived: return u"waived"_s;
    }
    return u"pending"_s;
}

std::optional<Status> fromString(const QString &text)
{
    for (Status s : all()) {
        if (toString(s) == text)
            return s;
    }
    return std::nullopt;
}

const QList<Status> &all()
{
    static const QList<Status> statuses {Status::Pass, Status::Warn, Status::Fail, Status::Error,
                                         Status::NotReported, Status::Pending, Status::Na, Status::Waived};
    return statuses;
}

} // namespace StatusText
