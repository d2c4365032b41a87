// SPDX-License-Identifier: GPL-3.0-or-later
#include "RollbackDialog.h"

#include "actions/RollbackController.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int MAX_OUTPUT_BLOCKS = 5000;

/** "second" for 2, up to the most rollback.approvers allows; empty beyond. */
QString ordinalText(int n)
{
    switch (n) {
    case 2: return RollbackDialog::tr("second");
    case 3: return RollbackDialog::tr("third");
    case 4: return RollbackDialog::tr("fourth");
    case 5: return RollbackDialog::tr("fifth");
    default: return {};
    }
}

QString versionText(const DeploymentRecord &d)
{
    return d.id ? u"<b>%1</b> (%2)"_s.arg(d.version.toHtmlEscaped(), d.name.toHtmlEscaped()) : QString();
}
} // namespace

RollbackDialog::RollbackDialog(RollbackController *controller, DeploymentRecord from, QString who, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_from(std::move(from))
    , m_who(std::move(who))
    , m_versionsLabel(new QLabel(this))
    , m_commandLabel(new QLabel(this))
    , m_approvalLabel(new QLabel(this))
    , m_approver(new QLineEdit(this))
    , m_staysLabel(new QLabel(this))
    , m_reason(new QLineEdit(this))
    , m_output(new QPlainTextEdit(this))
    , m_outcomeLabel(new QLabel(this))
    , m_approveButton(new QPushButton(tr("&Approve as"), this))
    , m_dryRunButton(new QPushButton(tr("&Dry run"), this))
    , m_rollbackButton(new QPushButton(tr("&Roll back"), this))
    , m_cancelRunButton(new QPushButton(tr("&Cancel run"), this))
    , m_closeButton(new QPushButton(tr("Close"), this))
{
    setObjectName(u"rollbackDialog"_s);
    setWindowTitle(tr("Roll back %1").arg(m_from.name));
    setMinimumSize(720, 520);
    m_versionsLabel->setObjectName(u"versionsLabel"_s);
    m_commandLabel->setObjectName(u"commandLabel"_s);
    m_commandLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_commandLabel->setWordWrap(true);
    m_commandLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_approvalLabel->setObjectName(u"approvalLabel"_s);
    m_approvalLabel->setWordWrap(true);
    m_approver->setObjectName(u"approverLineEdit"_s);
    m_approver->setText(m_who);
    m_approver->setPlaceholderText(tr("Your name"));
    m_approver->setToolTip(tr("Who approves the command. With rollback.approvers: 2 a second person approves under "
                              "their own name; the store also records the OS account and database role."));
    m_staysLabel->setObjectName(u"staysLabel"_s);
    m_staysLabel->setWordWrap(true);
    m_reason->setObjectName(u"reasonLineEdit"_s);
    m_reason->setPlaceholderText(tr("Why: what went wrong (required for a rollback)"));
    m_output->setObjectName(u"outputTextEdit"_s);
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(MAX_OUTPUT_BLOCKS);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("The command's output appears here as it runs."));
    m_outcomeLabel->setObjectName(u"outcomeLabel"_s);
    m_outcomeLabel->setWordWrap(true);
    m_approveButton->setObjectName(u"approveButton"_s);
    m_dryRunButton->setObjectName(u"dryRunButton"_s);
    m_rollbackButton->setObjectName(u"rollbackButton"_s);
    m_cancelRunButton->setObjectName(u"cancelRunButton"_s);
    m_closeButton->setObjectName(u"closeButton"_s);
    m_rollbackButton->setAutoDefault(false);
    m_closeButton->setAutoDefault(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Versions:"), m_versionsLabel);
    form->addRow(tr("Command:"), m_commandLabel);
    form->addRow(tr("Approval:"), m_approvalLabel);
    form->addRow(tr("Does not roll back:"), m_staysLabel);
    auto *reasonLabel = new QLabel(tr("R&eason:"), this);
    reasonLabel->setBuddy(m_reason);
    form->addRow(reasonLabel, m_reason);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_approveButton);
    buttons->addWidget(m_approver);
    buttons->addStretch(1);
    buttons->addWidget(m_dryRunButton);
    buttons->addWidget(m_rollbackButton);
    buttons->addWidget(m_cancelRunButton);
    buttons->addWidget(m_closeButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_outcomeLabel);
    layout->addLayout(buttons);

    connect(m_controller, &RollbackController::prepared, this, &RollbackDialog::handlePrepared);
    connect(m_controller, &RollbackController::approvalRecorded, this, [this] {
        m_controller->prepare(m_from, false);
    });
    connect(m_controller, &RollbackController::refused, this, &RollbackDialog::handleRefused);
    connect(m_controller, &RollbackController::started, this, &RollbackDialog::handleStarted);
    connect(m_controller, &RollbackController::lineRead, this, [this](const QString &line) {
        if (m_ownRun)
            m_output->appendPlainText(line);
    });
    connect(m_controller, &RollbackController::stageChanged, this, [this](const QString &stage) {
        if (m_ownRun)
            m_outcomeLabel->setText(stage);
    });
    connect(m_controller, &RollbackController::finished, this, &RollbackDialog::handleFinished);
    connect(m_controller, &RollbackController::runningChanged, this, &RollbackDialog::updateButtons);
    connect(m_reason, &QLineEdit::textChanged, this, &RollbackDialog::updateButtons);
    connect(m_approver, &QLineEdit::textChanged, this, [this] {
        showApproval();
        updateButtons();
    });
    connect(m_approveButton, &QPushButton::clicked, this,
            [this] { m_controller->approve(m_from, m_approver->text().trimmed()); });
    connect(m_dryRunButton, &QPushButton::clicked, this, [this] { startRun(true); });
    connect(m_rollbackButton, &QPushButton::clicked, this, [this] { startRun(false); });
    connect(m_cancelRunButton, &QPushButton::clicked, m_controller, &RollbackController::cancel);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);

    m_versionsLabel->setText(tr("from %1 to … (loading)").arg(versionText(m_from)));
    updateButtons();
    m_controller->prepare(m_from, false);
}

void RollbackDialog::handlePrepared(const RollbackPreview &preview)
{
    if (preview.dryRun || preview.from.id != m_from.id)
        return;
    m_preview = preview;
    m_prepared = true;
    if (!preview.canRun()) {
        m_outcomeLabel->setText(preview.problem);
        updateButtons();
        return;
    }
    m_versionsLabel->setText(tr("from %1 to %2")
                                 .arg(versionText(preview.from),
                                      preview.to.id ? versionText(preview.to) : tr("the previous version")));
    m_commandLabel->setText(preview.command.toHtmlEscaped() + u"<br>"_s + tr("runs as: %1")
                                                                              .arg(preview.expandedCommand.toHtmlEscaped()));
    showApproval();
    QStringList stays;
    for (const QString &line : preview.notRolledBack)
        stays.append(u"• "_s + line.toHtmlEscaped());
    m_staysLabel->setText(stays.join(u"<br>"_s));
    updateButtons();
}

void RollbackDialog::showApproval()
{
    if (!m_prepared || !m_preview.canRun())
        return;
    const RollbackPreview &p = m_preview;
    const QString names = p.approvedBy.join(u", "_s).toHtmlEscaped();
    QString text;
    if (!p.approved) {
        text = tr("<b>not approved</b>: this command is new or changed since it was approved. Check it above, then "
                  "approve it.");
        if (p.approversNeeded > 1)
            text += u" "_s + tr("It needs approval by %1 different people (rollback.approvers).").arg(p.approversNeeded);
    } else if (const int missing = p.missingApprovals(); missing > 0) {
        const QString ordinal = ordinalText(static_cast<int>(p.approvedBy.size()) + 1);
        text = missing == 1 && !ordinal.isEmpty()
                   ? tr("Approved by %1; waiting for a %2 approver").arg(names, ordinal)
                   : tr("Approved by %1; waiting for %2 more approvers").arg(names).arg(missing);
        if (p.approvedByName(m_approver->text()))
            text += u"<br>"_s + tr("%1 approved already: another person approves under their own name.")
                                    .arg(m_approver->text().trimmed().toHtmlEscaped());
    } else {
        text = tr("approved by %1 (sha256 %2…)").arg(names.isEmpty() ? tr("an earlier version of Liftoff") : names,
                                                     p.commandHash.left(12));
    }
    m_approvalLabel->setText(text);
}

void RollbackDialog::startRun(bool dryRun)
{
    m_output->clear();
    m_ownRun = true;
    m_outcomeLabel->setText(dryRun ? tr("Starting the dry run…") : tr("Starting the rollback…"));
    m_controller->start(m_from, {dryRun, m_reason->text(), m_who});
}

void RollbackDialog::handleStarted(const RollbackRecord &)
{
    updateButtons();
}

void RollbackDialog::handleRefused(const QString &reason)
{
    m_outcomeLabel->setText(reason);
    if (!m_controller->isRunning())
        m_ownRun = false;
    updateButtons();
}

void RollbackDialog::handleFinished(const RollbackRecord &record)
{
    if (!m_ownRun)
        return;
    m_ownRun = false;
    QStringList parts;
    parts.append((record.dryRun ? tr("Dry run %1") : tr("Rollback %1")).arg(record.outcome));
    if (record.exitCode >= 0)
        parts.last() += tr(" (exit %1)").arg(record.exitCode);
    if (!record.error.isEmpty())
        parts.append(record.error);
    QStringList verified;
    for (const QJsonValue &v : record.verification)
        verified.append(u"%1 %2"_s.arg(v[u"item"].toString(), v[u"status"].toString()));
    if (!verified.isEmpty())
        parts.append(tr("verified: %1").arg(verified.join(u", "_s)));
    QStringList notified;
    for (const QJsonValue &v : record.notifications)
        notified.append(u"%1 %2"_s.arg(v[u"channel"].toString(),
                                       v[u"delivered"].toBool() ? tr("delivered") : tr("not delivered")));
    if (!notified.isEmpty())
        parts.append(tr("notified: %1").arg(notified.join(u", "_s)));
    m_outcomeLabel->setText(parts.join(u"; "_s));
    if (record.succeeded() && !record.dryRun)
        m_from.rolledBack = QDateTime::currentDateTimeUtc(); // nothing left to roll back from here
    updateButtons();
}

void RollbackDialog::updateButtons()
{
    const bool running = m_controller->isRunning();
    const bool ready = m_prepared && m_preview.canRun() && !running;
    const bool wanted = m_prepared && m_preview.canRun() && (!m_preview.approved || m_preview.missingApprovals() > 0);
    m_approveButton->setVisible(wanted);
    m_approver->setVisible(wanted);
    const QString approver = m_approver->text().trimmed();
    m_approveButton->setEnabled(ready && !approver.isEmpty()
                                && (!m_preview.approved || !m_preview.approvedByName(approver)));
    m_dryRunButton->setEnabled(ready && m_preview.approved);
    m_rollbackButton->setEnabled(ready && m_preview.readyToRun() && !m_reason->text().trimmed().isEmpty()
                                 && !m_from.isRolledBack());
    m_cancelRunButton->setEnabled(running && m_ownRun);
    m_closeButton->setEnabled(!(running && m_ownRun));
}

void RollbackDialog::reject()
{
    // A running rollback is seen through here: cancel it first, then close.
    if (m_controller->isRunning() && m_ownRun)
        return;
    QDialog::reject();
}
