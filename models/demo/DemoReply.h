// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

/**
 * One HTTP answer of the demo service as a plain value: status, headers and body. Endpoint logic
 * returns it, so it can be tested without a socket; DemoService writes it to the connection.
 */
struct DemoReply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static DemoReply json(const QJsonObject &object, int status = 200);
    static DemoReply json(const QJsonArray &array, int status = 200);
    /** `{"error": {"code": status, "message": message}}` */
    static DemoReply error(int status, const QString &message);
    /** A reply with no body (204 No Content, preflights). */
    static DemoReply empty(int status = 204);

    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append({name, value}); }
    QByteArray header(const QByteArray &name) const;
};
