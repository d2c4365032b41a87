// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"
#include "checklist/ChecklistTemplate.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

/** Compares the built-in template with the tables of spec/checklist.md (copied to tests/data). */
class TestChecklistTemplate : public QObject
{
    Q_OBJECT

private slots:
    void matchesSpecTables();
    void mvpFiveAreMust();
    void sectionsInSpecOrder();
    void rejectsInvalidJson();
};

namespace {
struct SpecRow
{
    QString id, title, phase, section, level, binding;
    bool mvp = false;
};

QList<SpecRow> parseSpec()
{
    const QString text = QString::fromUtf8(TestSupport::readFile(TestSupport::dataPath(u"checklist-spec.md"_s)));
    QList<SpecRow> rows;
    QString phase, section;
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(u"## ")) {
            const QString name = line.mid(3).trimmed();
            phase = name == u"Pre-deployment" ? u"pre"_s
                  : name == u"Deployment"     ? u"deploy"_s
                  : name == u"Post-deployment" ? u"post"_s
                                               : QString();
        } else if (line.startsWith(u"### ")) {
            section = line.mid(4).trimmed();
        } else if (!phase.isEmpty() && line.startsWith(u"| ") && !line.startsWith(u"| id")) {
            QStringList cells = line.trimmed().split(u'|');
            cells.removeFirst();
            cells.removeLast();
            if (cells.size() != 5)
                continue;
            for (QString &c : cells)
                c = c.trimmed();
            SpecRow row;
            row.id = cells[0];
            row.title = cells[1];
            const QStringList levels = cells[2].split(u',');
            row.level = levels.first().trimmed();
            row.mvp = cells[2].contains(u"mvp");
            row.binding = cells[3];
            row.phase = phase;
            row.section = section;
            rows.append(row);
        }
    }
    return rows;
}
} // namespace

void TestChecklistTemplate::matchesSpecTables()
{
    const QList<SpecRow> rows = parseSpec();
    const ChecklistTemplate &t = ChecklistTemplate::builtIn();
    QCOMPARE(rows.size(), 45);
    QCOMPARE(t.items().size(), 45);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const SpecRow &row = rows.at(i);
        const ChecklistItem &item = t.items().at(i);
        QCOMPARE(item.id, row.id);
        QCOMPARE(item.title, row.title);
        QCOMPARE(ChecklistText::toString(item.phase), row.phase);
        QCOMPARE(item.section, row.section);
        QCOMPARE(ChecklistText::toString(item.level), row.level);
        QCOMPARE(item.mvp, row.mvp);
        QCOMPARE(item.binding.toString(), row.binding);
        QVERIFY2(!item.passesWhen.isEmpty(), qPrintable(item.id));
    }
}

void TestChecklistTemplate::mvpFiveAreMust()
{
    QStringList mvp;
    for (const ChecklistItem &item : ChecklistTemplate::builtIn().items()) {
        if (item.mvp) {
            mvp.append(item.id);
            QCOMPARE(item.level, Level::Must);
        }
    }
    mvp.sort();
    QCOMPARE(mvp, (QStringList {u"api.model-pinned"_s, u"cost.rate-limiting"_s, u"cost.spend-limit"_s,
                                u"mon.call-logging"_s, u"rb.one-command"_s}));
}

void TestChecklistTemplate::sectionsInSpecOrder()
{
    QCOMPARE(ChecklistTemplate::builtIn().sections(),
             (QStringList {u"API & Model Configuration"_s, u"Cost Protection"_s, u"Security"_s, u"Quality"_s,
                           u"Infrastructure"_s, u"Monitoring"_s, u"Rollback Plan"_s, u"First 24 hours"_s,
                           u"First week"_s}));
}

void TestChecklistTemplate::rejectsInvalidJson()
{
    QString error;
    ChecklistTemplate::fromJson("{\"items\":[{\"id\":\"x\",\"phase\":\"later\"}]}", &error);
    QVERIFY(error.contains(u"invalid template item 'x'"));
    error.clear();
    ChecklistTemplate::fromJson("{not json", &error);
    QVERIFY(!error.isEmpty());
}

QTEST_APPLESS_MAIN(TestChecklistTemplate)
#include "TestChecklistTemplate.moc"
