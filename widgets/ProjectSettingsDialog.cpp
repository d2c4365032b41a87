// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProjectSettingsDialog.h"

#include "DialogProvider.h"

#include "config/ConfigWriteResult.h"
#include "config/ProjectSettingsController.h"
#include "config/SecretsController.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QString cell(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

void appendRow(QTableWidget *table, const QStringList &values)
{
    const int row = table->rowCount();
    table->insertRow(row);
    for (int column = 0; column < values.size(); ++column)
        table->setItem(row, column, new QTableWidgetItem(values.at(column)));
}
} // namespace

ProjectSettingsDialog::ProjectSettingsDialog(ProjectSettingsController *controller, SecretsController *secrets,
                                             DialogProvider *dialogs, QWidget *parent)
    : QDialog(parent), m_controller(controller), m_secrets(secrets), m_dialogs(dialogs)
{
    setObjectName(u"projectSettingsDialog"_s);
    setWindowTitle(tr("Project settings — %1").arg(controller->configPath()));
    auto *layout = new QVBoxLayout(this);
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(u"projectSettingsTabWidget"_s);
    tabs->addTab(projectTab(), tr("Project"));
    tabs->addTab(budgetTab(), tr("Budget and alerts"));
    tabs->addTab(sourcesTab(), tr("Sources"));
    tabs->addTab(rollbackTab(), tr("Rollback and flags"));
    tabs->addTab(evalsTab(), tr("Evals and red team"));
    tabs->addTab(notApplicableTab(), tr("Not applicable"));
    layout->addWidget(tabs);

    m_diagnostics = new QPlainTextEdit(this);
    m_diagnostics->setObjectName(u"diagnosticsPlainTextEdit"_s);
    m_diagnostics->setReadOnly(true);
    m_diagnostics->setMaximumHeight(120);
    m_diagnostics->hide();
    layout->addWidget(m_diagnostics);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(u"projectSettingsButtonBox"_s);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ProjectSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    if (m_secrets) {
        connect(m_secrets, &SecretsController::done, this, &ProjectSettingsDialog::handleSecretStored);
        connect(m_secrets, &SecretsController::failed, this, &ProjectSettingsDialog::handleSecretFailed);
    }
    fill(controller->form());
    resize(720, 520);
}

QLineEdit *ProjectSettingsDialog::lineEdit(const QString &objectName, const QString &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    return edit;
}

QWidget *ProjectSettingsDialog::secretField(QLineEdit *edit, const QString &suggestedName)
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(edit);
    auto *store = new QPushButton(tr("Store in keychain…"), box);
    store->setObjectName(edit->objectName().replace(u"LineEdit"_s, u"StoreButton"_s));
    store->setToolTip(tr("Paste the value into the keychain and write keychain:NAME here instead"));
    store->setEnabled(m_secrets != nullptr);
    connect(store, &QPushButton::clicked, this, [this, edit, suggestedName] { storeSecret(suggestedName, edit, nullptr, -1); });
    row->addWidget(store);
    return box;
}

QTableWidget *ProjectSettingsDialog::table(const QString &objectName, const QStringList &headers)
{
    auto *t = new QTableWidget(0, int(headers.size()), this);
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(headers);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    return t;
}

QWidget *ProjectSettingsDialog::withRowButtons(QTableWidget *t, const QString &prefix)
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(t);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add"), box);
    add->setObjectName(prefix + u"AddButton"_s);
    auto *remove = new QPushButton(tr("Remove"), box);
    remove->setObjectName(prefix + u"RemoveButton"_s);
    connect(add, &QPushButton::clicked, this, [t] {
        appendRow(t, QStringList(t->columnCount(), QString()));
        t->setCurrentCell(t->rowCount() - 1, 0);
    });
    connect(remove, &QPushButton::clicked, this, [t] {
        if (t->currentRow() >= 0)
            t->removeRow(t->currentRow());
    });
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    return box;
}

QWidget *ProjectSettingsDialog::projectTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_project = lineEdit(u"projectLineEdit"_s, tr("support-bot"));
    form->addRow(tr("Project name:"), m_project);
    m_environments = table(u"environmentsTableWidget"_s, {tr("Environment"), tr("Base URL")});
    form->addRow(new QLabel(tr("Environments (the first one is the default; {url} in any field is its URL):"), page));
    form->addRow(withRowButtons(m_environments, u"environment"_s));
    m_healthUrl = lineEdit(u"healthUrlLineEdit"_s, u"{url}/health"_s);
    form->addRow(tr("Health URL (infra.health):"), m_healthUrl);
    return page;
}

QWidget *ProjectSettingsDialog::budgetTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_monthlyUsd = lineEdit(u"monthlyUsdLineEdit"_s, u"500"_s);
    form->addRow(tr("Monthly budget (USD):"), m_monthlyUsd);
    m_alerts = lineEdit(u"alertsLineEdit"_s, u"50, 75, 90"_s);
    form->addRow(tr("Alert thresholds (% of budget):"), m_alerts);
    m_expectedDaily = lineEdit(u"expectedDailyLineEdit"_s, u"5, 40"_s);
    form->addRow(tr("Expected daily spend (USD, min, max):"), m_expectedDaily);
    m_budgetNotify = lineEdit(u"budgetNotifyLineEdit"_s, u"release-room"_s);
    form->addRow(tr("Budget alerts go to (channels):"), m_budgetNotify);
    m_channels = table(u"channelsTableWidget"_s, {tr("Channel"), tr("Kind (slack, discord, webhook)"), tr("Webhook URL (env: or keychain:)")});
    form->addRow(new QLabel(tr("Alert channels (webhook URLs are secrets):"), page));
    form->addRow(withRowButtons(m_channels, u"channel"_s));
    auto *store = new QPushButton(tr("Store selected channel's URL in keychain…"), page);
    store->setObjectName(u"channelStoreButton"_s);
    store->setEnabled(m_secrets != nullptr);
    connect(store, &QPushButton::clicked, this, [this] {
        const int row = m_channels->currentRow();
        if (row < 0)
            return;
        storeSecret(cell(m_channels, row, 0).toUpper().replace(u'-', u'_') + u"_WEBHOOK_URL"_s, nullptr, m_channels, 2);
    });
    form->addRow(store);
    return page;
}

QWidget *ProjectSettingsDialog::sourcesTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_costAdapter = new QComboBox(page);
    m_costAdapter->setObjectName(u"costAdapterComboBox"_s);
    m_costAdapter->addItem(tr("(none)"), QString());
    for (const QString &adapter : {u"openai"_s, u"anthropic"_s, u"litellm"_s, u"openrouter"_s})
        m_costAdapter->addItem(adapter, adapter);
    form->addRow(tr("Cost source:"), m_costAdapter);
    m_costBaseUrl = lineEdit(u"costBaseUrlLineEdit"_s, tr("LiteLLM only: http://localhost:4000"));
    form->addRow(tr("Base URL:"), m_costBaseUrl);
    m_costKey = lineEdit(u"costKeyLineEdit"_s, u"env:OPENAI_ADMIN_KEY"_s);
    form->addRow(tr("Key (env: or keychain:):"), secretField(m_costKey, u"COST_API_KEY"_s));
    m_calls = table(u"callsTableWidget"_s, {tr("Kind (otel, jsonl, litellm)"), tr("File or base URL"), tr("Master key (litellm)")});
    form->addRow(new QLabel(tr("Call logs (merged):"), page));
    form->addRow(withRowButtons(m_calls, u"call"_s));
    return page;
}

QWidget *ProjectSettingsDialog::rollbackTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_rollbackCommand = lineEdit(u"rollbackCommandLineEdit"_s, u"vercel rollback --yes"_s);
    form->addRow(tr("Rollback command (argv, never a shell):"), m_rollbackCommand);
    m_rollbackDryRun = lineEdit(u"rollbackDryRunLineEdit"_s, u"vercel rollback --dry-run"_s);
    form->addRow(tr("Dry run:"), m_rollbackDryRun);
    m_flagsBaseUrl = lineEdit(u"flagsBaseUrlLineEdit"_s, u"http://localhost:8016"_s);
    form->addRow(tr("Kill switch (OFREP) base URL:"), m_flagsBaseUrl);
    m_flagsFlag = lineEdit(u"flagsFlagLineEdit"_s, u"ai-enabled"_s);
    form->addRow(tr("Flag:"), m_flagsFlag);
    return page;
}

QWidget *ProjectSettingsDialog::evalsTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_evalsDataset = lineEdit(u"evalsDatasetLineEdit"_s, u"evals/cases.yaml"_s);
    form->addRow(tr("Eval dataset:"), m_evalsDataset);
    m_evalsTargetUrl = lineEdit(u"evalsTargetUrlLineEdit"_s, u"{url}/v1/chat"_s);
    form->addRow(tr("Eval target URL (POST {message: input}):"), m_evalsTargetUrl);
    m_redteamTargetUrl = lineEdit(u"redteamTargetUrlLineEdit"_s, u"{url}/v1/chat"_s);
    form->addRow(tr("Red-team target URL:"), m_redteamTargetUrl);
    m_redteamCanary = lineEdit(u"redteamCanaryLineEdit"_s, u"env:SYSTEM_PROMPT_CANARY"_s);
    form->addRow(tr("Canary (env: or keychain:):"), secretField(m_redteamCanary, u"SYSTEM_PROMPT_CANARY"_s));
    return page;
}

QWidget *ProjectSettingsDialog::notApplicableTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(new QLabel(tr("Items that do not apply to this project, each with the reason:"), page));
    m_notApplicable = table(u"notApplicableTableWidget"_s, {tr("Item"), tr("Why")});
    layout->addWidget(withRowButtons(m_notApplicable, u"notApplicable"_s));
    return page;
}

void ProjectSettingsDialog::fill(const ProjectForm &form)
{
    m_project->setText(form.project);
    for (const ProjectForm::Environment &e : form.environments)
        appendRow(m_environments, {e.name, e.url});
    m_healthUrl->setText(form.healthUrl);
    m_monthlyUsd->setText(form.monthlyUsd);
    m_alerts->setText(form.alerts);
    m_expectedDaily->setText(form.expectedDailyUsd);
    m_budgetNotify->setText(form.budgetNotify);
    for (const ProjectForm::Channel &c : form.channels)
        appendRow(m_channels, {c.name, c.kind, c.target});
    m_costAdapter->setCurrentIndex(qMax(0, m_costAdapter->findData(form.costAdapter)));
    m_costBaseUrl->setText(form.costBaseUrl);
    m_costKey->setText(form.costKey);
    for (const ProjectForm::CallSource &c : form.calls)
        appendRow(m_calls, {c.kind, c.location, c.key});
    m_rollbackCommand->setText(form.rollbackCommand);
    m_rollbackDryRun->setText(form.rollbackDryRun);
    m_flagsBaseUrl->setText(form.flagsBaseUrl);
    m_flagsFlag->setText(form.flagsFlag);
    m_evalsDataset->setText(form.evalsDataset);
    m_evalsTargetUrl->setText(form.evalsTargetUrl);
    m_redteamTargetUrl->setText(form.redteamTargetUrl);
    m_redteamCanary->setText(form.redteamCanary);
    for (const ProjectForm::NotApplicable &na : form.notApplicable)
        appendRow(m_notApplicable, {na.itemId, na.why});
}

ProjectForm ProjectSettingsDialog::currentForm() const
{
    ProjectForm form;
    form.project = m_project->text().trimmed();
    for (int row = 0; row < m_environments->rowCount(); ++row) {
        if (!cell(m_environments, row, 0).isEmpty())
            form.environments.append({cell(m_environments, row, 0), cell(m_environments, row, 1)});
    }
    form.healthUrl = m_healthUrl->text().trimmed();
    form.monthlyUsd = m_monthlyUsd->text().trimmed();
    form.alerts = m_alerts->text().trimmed();
    form.expectedDailyUsd = m_expectedDaily->text().trimmed();
    form.budgetNotify = m_budgetNotify->text().trimmed();
    for (int row = 0; row < m_channels->rowCount(); ++row) {
        if (!cell(m_channels, row, 0).isEmpty())
            form.channels.append({cell(m_channels, row, 0), cell(m_channels, row, 1), cell(m_channels, row, 2)});
    }
    form.costAdapter = m_costAdapter->currentData().toString();
    form.costBaseUrl = m_costBaseUrl->text().trimmed();
    form.costKey = m_costKey->text().trimmed();
    for (int row = 0; row < m_calls->rowCount(); ++row) {
        if (!cell(m_calls, row, 0).isEmpty())
            form.calls.append({cell(m_calls, row, 0), cell(m_calls, row, 1), cell(m_calls, row, 2)});
    }
    form.rollbackCommand = m_rollbackCommand->text().trimmed();
    form.rollbackDryRun = m_rollbackDryRun->text().trimmed();
    form.flagsBaseUrl = m_flagsBaseUrl->text().trimmed();
    form.flagsFlag = m_flagsFlag->text().trimmed();
    form.evalsDataset = m_evalsDataset->text().trimmed();
    form.evalsTargetUrl = m_evalsTargetUrl->text().trimmed();
    form.redteamTargetUrl = m_redteamTargetUrl->text().trimmed();
    form.redteamCanary = m_redteamCanary->text().trimmed();
    for (int row = 0; row < m_notApplicable->rowCount(); ++row) {
        if (!cell(m_notApplicable, row, 0).isEmpty())
            form.notApplicable.append({cell(m_notApplicable, row, 0), cell(m_notApplicable, row, 1)});
    }
    return form;
}

QString ProjectSettingsDialog::errorText() const
{
    return m_diagnostics->isVisible() || !m_diagnostics->toPlainText().isEmpty() ? m_diagnostics->toPlainText() : QString();
}

void ProjectSettingsDialog::showErrors(const QString &text)
{
    m_diagnostics->setPlainText(text);
    m_diagnostics->setVisible(!text.isEmpty());
}

void ProjectSettingsDialog::accept()
{
    const ConfigWriteResult result = m_controller->save(currentForm());
    if (!result.written) {
        // Nothing was written: the loader says why, with file:line:col, and the fields stay as typed.
        showErrors(result.errorText());
        return;
    }
    showErrors({});
    QDialog::accept();
}

void ProjectSettingsDialog::storeSecret(const QString &suggestedName, QLineEdit *field, QTableWidget *table, int column)
{
    if (!m_secrets || m_secrets->isBusy())
        return;
    const std::optional<SecretEntry> entry = m_dialogs->askSecret(this, suggestedName);
    if (!entry)
        return;
    m_pendingField = field;
    m_pendingTable = table;
    m_pendingRow = table ? table->currentRow() : -1;
    m_pendingColumn = column;
    m_pendingName = entry->name;
    if (!m_secrets->store(entry->name, entry->value))
        handleSecretFailed(m_secrets->errorString());
}

void ProjectSettingsDialog::handleSecretStored()
{
    if (m_pendingName.isEmpty())
        return;
    const QString reference = u"keychain:"_s + m_pendingName;
    if (m_pendingField)
        m_pendingField->setText(reference);
    else if (m_pendingTable && m_pendingRow >= 0 && m_pendingRow < m_pendingTable->rowCount())
        m_pendingTable->setItem(m_pendingRow, m_pendingColumn, new QTableWidgetItem(reference));
    m_pendingName.clear();
    showErrors({});
}

void ProjectSettingsDialog::handleSecretFailed(const QString &text)
{
    if (m_pendingName.isEmpty())
        return;
    m_pendingName.clear();
    showErrors(tr("The keychain did not store the value: %1").arg(text));
}
