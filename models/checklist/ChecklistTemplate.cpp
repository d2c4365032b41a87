// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/ChecklistTemplate.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

const ChecklistTemplate &ChecklistTemplate::builtIn()
{
    static const ChecklistTemplate instance = [] {
        QFile file(u":/liftoff/checklist.json"_s);
        QString error;
        if (!file.open(QIODevice::ReadOnly))
            qFatal("checklist template resource missing");
        ChecklistTemplate t = fromJson(file.readAll(), &error);
        if (!error.isEmpty())
            qFatal("checklist template resource invalid: %s", qPrintable(error));
        return t;
    }();
    return instance;
}

ChecklistTemplate ChecklistTemplate::fromJson(const QByteArray &json, QString *errorMessage)
{
    ChecklistTemplate result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *errorMessage = parseError.errorString();
        return result;
    }
    const QJsonArray items = doc.object().value(u"items").toArray();
    for (const QJsonValue &value : items) {
        const QJsonObject o = value.toObject();
        ChecklistItem item;
        item.id = o.value(u"id").toString();
        item.title = o.value(u"title").toString();
        item.section = o.value(u"section").toString();
        item.passesWhen = o.value(u"passesWhen").toString();
        item.mvp = o.value(u"mvp").toBool();
        const auto phase = ChecklistText::phaseFromString(o.value(u"phase").toString());
        const auto level = ChecklistText::levelFromString(o.value(u"level").toString());
        const auto binding = Binding::parse(o.value(u"binding").toString());
        if (item.id.isEmpty() || !phase || !level || !binding) {
            *errorMessage = u"invalid template item '%1'"_s.arg(item.id);
            return {};
        }
        item.phase = *phase;
        item.level = *level;
        item.binding = *binding;
        result.m_items.append(item);
    }
    return result;
}

const ChecklistItem *ChecklistTemplate::find(const QString &id) const
{
    for (const ChecklistItem &item : m_items) {
        if (item.id == id)
            return &item;
    }
    return nullptr;
}

QStringList ChecklistTemplate::sections() const
{
    QStringList names;
    for (const ChecklistItem &item : m_items) {
        if (!names.contains(item.section))
            names.append(item.section);
    }
    return names;
}

QStringList ChecklistTemplate::ids() const
{
    QStringList list;
    list.reserve(m_items.size());
    for (const ChecklistItem &item : m_items)
        list.append(item.id);
    return list;
}

void ChecklistTemplate::upsert(const ChecklistItem &item)
{
    for (ChecklistItem &existing : m_items) {
        if (existing.id == item.id) {
            existing = item;
            return;
        }
    }
    // Custom items go after the last item of their section so tabs keep the spec's order.
    qsizetype insertAt = m_items.size();
    for (qsizetype i = m_items.size() - 1; i >= 0; --i) {
        if (m_items.at(i).section == item.section) {
            insertAt = i + 1;
            break;
        }
    }
    m_items.insert(insertAt, item);
}
