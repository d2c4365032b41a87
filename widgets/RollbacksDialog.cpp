// SPDX-License-Identifier: GPL-3.0-or-later
#include "RollbacksDialog.h"

#include "actions/RollbackController.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
/** "alice (alice@build-7, role release)": the display name with the account and database role the store recorded. */
QString whoText(const RollbackRecord &r)
{
    QStringList parts;
    if (!r.account.isEmpty())
        parts.append(r.account);
    if (!r.dbRole.isEmpty())
        parts.append(RollbacksDialog::tr("role %1").arg(r.dbRole));
    return parts.isEmpty() ? r.who : u"%1 (%2)"_s.arg(r.who, parts.join(u", "_s));
}
} // namespace

RollbacksDialog::RollbacksDialog(RollbackController *controller, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_table(new QTableWidget(0, 7, this))
    , m_details(new QPlainTextEdit(this))
{
    setObjectName(u"rollbacksDialog"_s);
    setWindowTitle(tr("Rollbacks"));
    setMinimumSize(820, 520);
    m_table->setObjectName(u"rollbacksTable"_s);
    m_table->setHorizontalHeaderLabels({tr("When"), tr("Kind"), tr("Who"), tr("From → To"), tr("Outcome"),
                                        tr("Verification"), tr("Reason")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_details->setObjectName(u"rollbackDetailsTextEdit"_s);
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showDetails(row); });
    connect(m_controller, &RollbackController::rollbacksLoaded, this, &RollbacksDialog::handleLoaded);
    connect(m_controller, &RollbackController::finished, this, [this] { m_controller->loadRollbacks(); });
    m_controller->loadRollbacks();
}

void RollbacksDialog::handleLoaded(const QList<RollbackRecord> &records)
{
    m_records = records;
    m_table->setRowCount(static_cast<int>(records.size()));
    for (int row = 0; row < records.size(); ++row) {
        const RollbackRecord &r = records.at(row);
        QStringList verified;
        for (const QJsonValue &v : r.verification)
            verified.append(u"%1 %2"_s.arg(v[u"item"].toString(), v[u"status"].toString()));
        const QStringList cells {r.startedAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s),
                                 r.dryRun ? tr("dry run") : tr("rollback"), whoText(r),
                                 u"%1 → %2"_s.arg(r.fromVersion, r.toVersion.isEmpty() ? u"?"_s : r.toVersion),
                                 r.exitCode >= 0 ? u"%1 (exit %2)"_s.arg(r.outcome).arg(r.exitCode) : r.outcome,
                                 verified.join(u", "_s), r.reason};
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    m_table->resizeColumnsToContents();
    if (!records.isEmpty())
        m_table->setCurrentCell(0, 0);
    else
        m_details->setPlainText(tr("No rollback has run for this project yet."));
}

void RollbacksDialog::showDetails(int row)
{
    if (row < 0 || row >= m_records.size())
        return;
    const RollbackRecord &r = m_records.at(row);
    QStringList text;
    text.append(tr("#%1 %2 by %3, %4 → %5: %6").arg(r.id).arg(r.dryRun ? tr("dry run") : tr("rollback"), whoText(r),
                                                         r.fromVersion, r.toVersion, r.outcome));
    text.append(tr("reason: %1").arg(r.reason));
    text.append(tr("command: %1 (sha256 %2)").arg(r.command, r.commandHash));
    if (!r.error.isEmpty())
        text.append(tr("error: %1").arg(r.error));
    for (const QJsonValue &v : r.verification)
        text.append(tr("verify %1: %2 — %3").arg(v[u"item"].toString(), v[u"status"].toString(),
                                                v[u"summary"].toString()));
    for (const QJsonValue &v : r.notifications)
        text.append(tr("notify %1: %2 %3").arg(v[u"channel"].toString(),
                                              v[u"delivered"].toBool() ? tr("delivered") : tr("not delivered"),
                                              v[u"error"].toString()));
    text.append(u"--- output ---"_s);
    text.append(r.output);
    m_details->setPlainText(text.join(u'\n'));
}
