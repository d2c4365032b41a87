// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/CommandHash.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

QString CommandHash::of(const QStringList &argv, const QString &workingDirectory, const QStringList &environmentNames)
{
    QStringList names = environmentNames;
    names.sort();
    names.removeDuplicates();
    // JSON keeps the parts apart unambiguously: ["a b"] and ["a", "b"] hash differently.
    const QJsonObject canonical {{u"argv"_s, QJsonArray::fromStringList(argv)},
                                 {u"cwd"_s, workingDirectory},
                                 {u"env"_s, QJsonArray::fromStringList(names)}};
    const QByteArray bytes = QJsonDocument(canonical).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}
