// SPDX-License-Identifier: GPL-3.0-or-later
#include "checklist/ChecklistTemplate.h"
#include "itemmodels/ChecklistModel.h"
#include "itemmodels/DeploymentListModel.h"
#include "itemmodels/SectionFilterModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

/** ChecklistModel, its filter proxies and the deployment list: structure, roles and precise dataChanged. */
class TestChecklistModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void hasOneRowPerTemplateItem();
    void rolesDescribeTheItem();
    void setStateChangesOnlyThatRow();
    void sameStateEmitsNothing();
    void setStatesEmitsOnlyChangedRows();
    void releaseMakesPostItemsCount();
    void sectionFilterShowsOneSection();
    void mvpFilterShowsFive();
    void blockingFilterFollowsStates();
    void deploymentListKeepsNewestFirst();

private:
    static ItemState passed(const QString &id);
    std::unique_ptr<ChecklistModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

namespace {
VerdictRules::Context contextWithAllRunners(const ChecklistTemplate &checklist, bool released = false)
{
    VerdictRules::Context context;
    context.now = QDateTime::currentDateTimeUtc();
    context.released = released;
    for (const ChecklistItem &item : checklist.items()) {
        if (item.binding.kind == BindingKind::Probe)
            context.runnableProbeKinds.insert(item.binding.probeKind);
    }
    return context;
}
} // namespace

ItemState TestChecklistModel::passed(const QString &id)
{
    ItemState s;
    s.itemId = id;
    s.status = Status::Pass;
    s.baseStatus = Status::Pass;
    s.source = StatusSource::Manual;
    s.summary = u"checked by hand"_s;
    s.note = u"checked by hand"_s;
    s.by = u"tester"_s;
    s.checkedAt = QDateTime::currentDateTimeUtc();
    return s;
}

void TestChecklistModel::init()
{
    m_model = std::make_unique<ChecklistModel>(ChecklistTemplate::builtIn());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setContext(contextWithAllRunners(m_model->checklist()));
}

void TestChecklistModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestChecklistModel::hasOneRowPerTemplateItem()
{
    QCOMPARE(m_model->rowCount(), 45);
    QCOMPARE(m_model->columnCount(), int(ChecklistModel::ColumnCount));
    QCOMPARE(m_model->index(0, 0).data(ChecklistModel::ItemIdRole).toString(), u"api.keys-in-env"_s);
    QCOMPARE(m_model->headerData(ChecklistModel::LastCheckedColumn, Qt::Horizontal).toString(), u"Last checked"_s);
}

void TestChecklistModel::rolesDescribeTheItem()
{
    const int row = m_model->rowOf(u"api.model-pinned"_s);
    QVERIFY(row >= 0);
    const QModelIndex index = m_model->index(row, ChecklistModel::StatusColumn);
    QCOMPARE(index.data(ChecklistModel::StatusRole).value<Status>(), Status::Pending);
    QCOMPARE(index.data(ChecklistModel::LevelRole).value<Level>(), Level::Must);
    QCOMPARE(index.data(ChecklistModel::PhaseRole).value<Phase>(), Phase::Pre);
    QVERIFY(index.data(ChecklistModel::MvpRole).toBool());
    QVERIFY(index.data(ChecklistModel::BlockingRole).toBool());
    QCOMPARE(index.data(ChecklistModel::SectionRole).toString(), u"API & Model Configuration"_s);
    QCOMPARE(index.data(Qt::DisplayRole).toString(), u"Pending"_s);
    QVERIFY(index.data(Qt::DecorationRole).canConvert<QIcon>());
    QVERIFY(index.data(Qt::ForegroundRole).value<QColor>().isValid());
    QCOMPARE(m_model->index(row, ChecklistModel::SourceColumn).data().toString(), u"probe:models"_s);
    QCOMPARE(m_model->index(row, ChecklistModel::LevelColumn).data().toString(), u"must · MVP"_s);
}

void TestChecklistModel::setStateChangesOnlyThatRow()
{
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy verdictChanged(m_model.get(), &ChecklistModel::verdictChanged);
    const int row = m_model->rowOf(u"infra.health"_s);
    m_model->setState(passed(u"infra.health"_s));
    QCOMPARE(dataChanged.size(), 1);
    QCOMPARE(dataChanged.at(0).at(0).toModelIndex(), m_model->index(row, 0));
    QCOMPARE(dataChanged.at(0).at(1).toModelIndex(), m_model->index(row, ChecklistModel::ColumnCount - 1));
    QCOMPARE(verdictChanged.size(), 1);
    QCOMPARE(m_model->index(row, 0).data(ChecklistModel::StatusRole).value<Status>(), Status::Pass);
    QVERIFY(!m_model->index(row, 0).data(ChecklistModel::BlockingRole).toBool());
    QVERIFY(!m_model->verdict().blocking.contains(u"infra.health"_s));
}

void TestChecklistModel::sameStateEmitsNothing()
{
    const ItemState s = passed(u"infra.health"_s);
    m_model->setState(s);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setState(s);
    m_model->setState(passed(u"no.such-item"_s));
    QCOMPARE(dataChanged.size(), 0);
}

void TestChecklistModel::setStatesEmitsOnlyChangedRows()
{
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QHash<QString, ItemState> states;
    states.insert(u"api.keys-in-env"_s, passed(u"api.keys-in-env"_s));
    states.insert(u"api.keys-scoped"_s, passed(u"api.keys-scoped"_s)); // row 1: joins row 0's run
    states.insert(u"w1.document-issues"_s, passed(u"w1.document-issues"_s));
    m_model->setStates(states);
    QCOMPARE(dataChanged.size(), 2);
    QCOMPARE(dataChanged.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(dataChanged.at(0).at(1).toModelIndex().row(), 1);
    const int last = m_model->rowOf(u"w1.document-issues"_s);
    QCOMPARE(dataChanged.at(1).at(0).toModelIndex().row(), last);
    QCOMPARE(dataChanged.at(1).at(1).toModelIndex().row(), last);
}

void TestChecklistModel::releaseMakesPostItemsCount()
{
    const int row = m_model->rowOf(u"h24.latency"_s);
    QVERIFY(!m_model->index(row, 0).data(ChecklistModel::CountsRole).toBool());
    QVERIFY(!m_model->verdict().blocking.contains(u"h24.latency"_s));
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setContext(contextWithAllRunners(m_model->checklist(), true));
    QVERIFY(!dataChanged.isEmpty());
    for (const QList<QVariant> &args : std::as_const(dataChanged)) {
        for (int r = args.at(0).toModelIndex().row(); r <= args.at(1).toModelIndex().row(); ++r)
            QCOMPARE(m_model->index(r, 0).data(ChecklistModel::PhaseRole).value<Phase>(), Phase::Post);
    }
    QVERIFY(m_model->index(row, 0).data(ChecklistModel::CountsRole).toBool());
    QVERIFY(m_model->verdict().blocking.contains(u"h24.latency"_s));
}

void TestChecklistModel::sectionFilterShowsOneSection()
{
    SectionFilterModel filter;
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(m_model.get());
    filter.setSection(u"Infrastructure"_s);
    QCOMPARE(filter.rowCount(), 5);
    QCOMPARE(filter.rowOf(u"infra.health"_s), 4);
    QCOMPARE(filter.rowOf(u"api.model-pinned"_s), -1);
    filter.setSection(u"Monitoring"_s);
    QCOMPARE(filter.rowCount(), 4);
}

void TestChecklistModel::mvpFilterShowsFive()
{
    SectionFilterModel filter;
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(m_model.get());
    filter.setFilter(SectionFilterModel::Filter::Mvp);
    QCOMPARE(filter.rowCount(), 5);
    QStringList ids;
    for (int row = 0; row < filter.rowCount(); ++row)
        ids.append(filter.index(row, 0).data(ChecklistModel::ItemIdRole).toString());
    ids.sort();
    QCOMPARE(ids, (QStringList {u"api.model-pinned"_s, u"cost.rate-limiting"_s, u"cost.spend-limit"_s,
                                u"mon.call-logging"_s, u"rb.one-command"_s}));
}

void TestChecklistModel::blockingFilterFollowsStates()
{
    SectionFilterModel filter;
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(m_model.get());
    filter.setFilter(SectionFilterModel::Filter::Blocking);
    const int before = filter.rowCount();
    QCOMPARE(before, int(m_model->verdict().blocking.size()));
    QVERIFY(filter.rowOf(u"infra.health"_s) >= 0);
    QSignalSpy removed(&filter, &QAbstractItemModel::rowsRemoved);
    m_model->setState(passed(u"infra.health"_s));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(filter.rowCount(), before - 1);
    QCOMPARE(filter.rowOf(u"infra.health"_s), -1);
}

void TestChecklistModel::deploymentListKeepsNewestFirst()
{
    DeploymentListModel list;
    QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime t0 = QDateTime(QDate(2026, 11, 1), QTime(10, 0), Qt::UTC);
    list.setDeployments({DeploymentRecord {2, 1, u"b"_s, u"prod"_s, u"v2"_s, {}, t0.addDays(1), {}},
                         DeploymentRecord {1, 1, u"a"_s, u"prod"_s, u"v1"_s, {}, t0, t0.addSecs(60)}});
    list.upsert(DeploymentRecord {3, 1, u"c"_s, u"staging"_s, u"v3"_s, {}, t0.addDays(2), {}});
    QCOMPARE(list.rowOf(3), 0);
    QCOMPARE(list.index(2).data().toString(), u"a · v1 · prod · released"_s);
    QSignalSpy changed(&list, &QAbstractItemModel::dataChanged);
    list.upsert(DeploymentRecord {2, 1, u"b"_s, u"prod"_s, u"v2"_s, {}, t0.addDays(1), t0.addDays(1)});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QVERIFY(list.index(1).data(DeploymentListModel::ReleasedRole).toBool());
}

QTEST_MAIN(TestChecklistModel)
#include "TestChecklistModel.moc"
