// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoReply.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

DemoReply DemoReply::json(const QJsonObject &object, int status)
{
    DemoReply reply;
    reply.status = status;
    reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return reply;
}

DemoReply DemoReply::json(const QJsonArray &array, int status)
{
    DemoReply reply;
    reply.status = status;
    reply.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    return reply;
}

DemoReply DemoReply::error(int status, const QString &message)
{
    return json(QJsonObject {{u"error"_s, QJsonObject {{u"code"_s, status}, {u"message"_s, message}}}}, status);
}

DemoReply DemoReply::empty(int status)
{
    DemoReply reply;
    reply.status = status;
    reply.contentType.clear();
    return reply;
}

QByteArray DemoReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}
