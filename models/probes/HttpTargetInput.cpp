// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/HttpTargetInput.h"

using namespace Qt::StringLiterals;

namespace HttpTargetInput {

QVariant withInput(const QVariant &value, const QString &input)
{
    switch (value.typeId()) {
    case QMetaType::QString:
        return value.toString().replace(PLACEHOLDER, input);
    case QMetaType::QVariantMap: {
        QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            it.value() = withInput(it.value(), input);
        return map;
    }
    case QMetaType::QVariantList: {
        QVariantList list = value.toList();
        for (QVariant &item : list)
            item = withInput(item, input);
        return list;
    }
    default:
        return value;
    }
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto port = [](const QUrl &url) { return url.port(url.scheme() == u"https" ? 443 : 80); };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && port(a) == port(b);
}

} // namespace HttpTargetInput
