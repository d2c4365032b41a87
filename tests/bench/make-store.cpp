// SPDX-License-Identifier: GPL-3.0-or-later
// liftoff_bench_make_store: creates a large store for benchmarks: one project, 1,000 deployments
// with every built-in checklist item in mixed statuses, and 100,000 audit events. Deterministic (a
// fixed seed), written in one transaction with prepared statements.
#include "checklist/ChecklistTemplate.h"
#include "store/ChecklistRepository.h"
#include "store/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <cstdio>
#include <random>

using namespace Qt::StringLiterals;

namespace {
int fail(const QString &message)
{
    std::fprintf(stderr, "liftoff_bench_make_store: %s\n", qPrintable(message));
    return 1;
}

QString iso(const QDateTime &t)
{
    return t.toString(Qt::ISODateWithMs);
}

/** Mixed final statuses: mostly pass, some of every other kind. */
Status pickStatus(std::mt19937 &random)
{
    static std::discrete_distribution<int> weights {60, 8, 8, 3, 6, 5, 5, 5};
    static const Status statuses[] = {Status::Pass,        Status::Warn,    Status::Fail, Status::Error,
                                      Status::NotReported, Status::Pending, Status::Na,   Status::Waived};
    return statuses[weights(random)];
}

bool exec(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    *error = query.lastError().text();
    return false;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Creates a large Liftoff store for benchmarks."_s);
    parser.addHelpOption();
    const QCommandLineOption dbOption(u"db"_s, u"The database file to create (must not exist)."_s, u"PATH"_s,
                                      u"liftoff-bench.sqlite"_s);
    const QCommandLineOption projectOption(u"project"_s, u"The project's name."_s, u"NAME"_s, u"bench"_s);
    const QCommandLineOption deploymentsOption(u"deployments"_s, u"How many deployments."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption eventsOption(u"events"_s, u"How many audit events in all."_s, u"N"_s, u"100000"_s);
    parser.addOptions({dbOption, projectOption, deploymentsOption, eventsOption});
    parser.process(app);

    bool okDeployments = false;
    bool okEvents = false;
    const int deploymentCount = parser.value(deploymentsOption).toInt(&okDeployments);
    const qint64 eventCount = parser.value(eventsOption).toLongLong(&okEvents);
    const QString path = parser.value(dbOption);
    if (!okDeployments || !okEvents || deploymentCount < 1 || eventCount < 2LL * deploymentCount)
        return fail(u"--deployments must be at least 1 and --events at least twice that"_s);
    if (QFileInfo::exists(path))
        return fail(u"%1 exists already; remove it or pass another --db"_s.arg(path));

    QStringList items;
    QSet<QString> manualItems;
    for (const ChecklistItem &item : ChecklistTemplate::builtIn().items()) {
        items << item.id;
        if (item.binding.kind != BindingKind::Probe)
            manualItems.insert(item.id);
    }
    if (items.isEmpty())
        return fail(u"the built-in checklist template is empty"_s);

    QElapsedTimer timer;
    timer.start();
    Database database;
    if (StoreError e = database.open(path); e.isError())
        return fail(e.message);
    ChecklistRepository repository(database);
    qint64 projectId = 0;
    if (StoreError e = repository.ensureProject(parser.value(projectOption), {}, &projectId); e.isError())
        return fail(e.message);

    QSqlDatabase db = database.connection();
    QString error;
    QSqlQuery begin(db);
    if (!begin.exec(u"BEGIN IMMEDIATE"_s))
        return fail(begin.lastError().text());

    QSqlQuery insertDeployment(db);
    insertDeployment.prepare(u"INSERT INTO deployments(project_id, name, environment, version, commit_sha, created, "
                             u"released) VALUES(?, ?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery insertState(db);
    insertState.prepare(u"INSERT INTO item_states(deployment_id, item_id, status, base_status, source, summary, note, "
                        u"by, checked_at, waiver_expires, evidence, conditions) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery insertAudit(db);
    insertAudit.prepare(u"INSERT INTO audit(deployment_id, item_id, at, who, kind, from_status, to_status, note) "
                        u"VALUES(?, ?, ?, ?, ?, ?, ?, ?)"_s);

    const QStringList people {u"alice"_s, u"bob"_s, u"carol"_s, u"dmitri"_s, u"eun-ji"_s};
    const QStringList environments {u"staging"_s, u"production"_s};
    const QDateTime first(QDate(2024, 1, 1), QTime(9, 0), Qt::UTC);
    std::mt19937 random(20261126);
    const qint64 released = deploymentCount - 10 > 0 ? deploymentCount - 10 : 0; // the newest stay open
    const qint64 itemEvents = eventCount - deploymentCount - released;
    qint64 states = 0;
    qint64 events = 0;

    auto audit = [&](qint64 deploymentId, const QString &itemId, const QDateTime &at, const QString &who,
                     const QString &kind, const QString &from, const QString &to, const QString &note) {
        const QVariant values[] = {deploymentId, itemId, iso(at), who, kind, from, to, note};
        for (int i = 0; i < 8; ++i)
            insertAudit.bindValue(i, values[i]);
        ++events;
        return exec(insertAudit, &error);
    };

    for (int d = 0; d < deploymentCount; ++d) {
        const QDateTime created = first.addSecs(qint64(d) * 86400);
        const QString name = u"deploy-%1"_s.arg(d + 1, 4, 10, QChar(u'0'));
        const QString version = u"v1.%1.%2"_s.arg(d / 50).arg(d % 50);
        const bool isReleased = d < released;
        const QDateTime releasedAt = created.addSecs(3 * 3600);
        const QVariant deploymentValues[] = {projectId, name, environments.at(d % 2), version,
                                             u"%1"_s.arg(quint32(random()), 8, 16, QChar(u'0')), iso(created),
                                             isReleased ? QVariant(iso(releasedAt)) : QVariant(QMetaType::fromType<QString>())};
        for (int i = 0; i < 7; ++i)
            insertDeployment.bindValue(i, deploymentValues[i]);
        if (!exec(insertDeployment, &error))
            return fail(error);
        const qint64 deploymentId = insertDeployment.lastInsertId().toLongLong();
        if (!audit(deploymentId, u""_s, created, people.at(d % people.size()), u"deployment"_s, u""_s, u""_s,
                   u"created %1 %2 for %3"_s.arg(name, version, environments.at(d % 2))))
            return fail(error);

        // This deployment's share of the item events, spread over its items; the last one decides the state.
        const qint64 share = itemEvents / deploymentCount + (d < itemEvents % deploymentCount ? 1 : 0);
        QHash<QString, Status> current;
        QDateTime at = created.addSecs(60);
        for (qint64 e = 0; e < share; ++e) {
            const QString &item = items.at(e % items.size());
            const Status from = current.value(item, Status::Pending);
            const Status to = pickStatus(random);
            current.insert(item, to);
            at = at.addSecs(7 + qint64(random() % 120));
            const QString kind = to == Status::Waived ? u"waive"_s : to == Status::Na ? u"na"_s : u"tick"_s;
            if (!audit(deploymentId, item, at, people.at((d + e) % people.size()), kind, StatusText::toString(from),
                       StatusText::toString(to), u"bench event %1"_s.arg(events)))
                return fail(error);
        }
        if (isReleased && !audit(deploymentId, u""_s, releasedAt, people.at(d % people.size()), u"release"_s, u""_s,
                                 u""_s, u"marked released"_s))
            return fail(error);

        for (const QString &item : items) {
            const Status status = current.value(item, Status::Pending);
            const bool manual = manualItems.contains(item);
            const QJsonObject evidence = manual ? QJsonObject {}
                                                : QJsonObject {{u"url"_s, u"https://bench.example.test/%1"_s.arg(item)},
                                                               {u"status"_s, status == Status::Pass ? 200 : 503},
                                                               {u"latencyMs"_s, int(random() % 900)}};
            const QVariant stateValues[] = {
                deploymentId,
                item,
                StatusText::toString(status),
                StatusText::toString(status == Status::Waived ? Status::Fail : status),
                manual ? u"manual"_s : u"probe"_s,
                manual ? u""_s : u"%1 in %2 ms"_s.arg(status == Status::Pass ? 200 : 503).arg(random() % 900),
                manual ? u"checked by hand"_s : u""_s,
                manual ? people.at(d % people.size()) : u""_s,
                status == Status::Pending ? QVariant(QMetaType::fromType<QString>()) : QVariant(iso(at)),
                status == Status::Waived ? QVariant(iso(created.addDays(30))) : QVariant(QMetaType::fromType<QString>()),
                QString::fromUtf8(QJsonDocument(evidence).toJson(QJsonDocument::Compact)),
                u"[]"_s};
            for (int i = 0; i < 12; ++i)
                insertState.bindValue(i, stateValues[i]);
            if (!exec(insertState, &error))
                return fail(error);
            ++states;
        }
    }
    insertDeployment.finish();
    insertState.finish();
    insertAudit.finish();
    QSqlQuery commit(db);
    if (!commit.exec(u"COMMIT"_s))
        return fail(commit.lastError().text());

    std::printf("created %s: project '%s', %d deployments, %lld item states, %lld audit events in %lld ms\n",
                qPrintable(path), qPrintable(parser.value(projectOption)), deploymentCount,
                static_cast<long long>(states), static_cast<long long>(events),
                static_cast<long long>(timer.elapsed()));
    return 0;
}
