// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <utility>

/**
 * One message to the alert channels: a title and ordered fields, for a project and an event
 * ("liftoff.test", "liftoff.budget", "liftoff.rollback"). Never holds secret values.
 */
struct Notification
{
    QString project;
    QString event = QStringLiteral("liftoff.test");
    QString title;
    QList<std::pair<QString, QString>> fields;

    /** Title and fields as plain text lines, the `message` of the generic webhook. */
    QString plainText() const;
};
