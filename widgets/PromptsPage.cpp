// SPDX-License-Identifier: GPL-3.0-or-later
#include "PromptsPage.h"

#include "PromptDiffView.h"
#include "itemmodels/PromptCatalogModel.h"
#include "itemmodels/PromptsController.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

PromptsPage::PromptsPage(PromptsController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_status(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_leftPicker(new QComboBox(this))
    , m_rightPicker(new QComboBox(this))
    , m_diffView(new PromptDiffView(this))
{
    m_status->setObjectName(u"promptsStatusLabel"_s);
    m_status->setWordWrap(true);
    m_tree->setObjectName(u"promptsTreeView"_s);
    m_tree->setModel(controller->model());
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_leftPicker->setObjectName(u"leftVersionComboBox"_s);
    m_rightPicker->setObjectName(u"rightVersionComboBox"_s);
    m_leftPicker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_rightPicker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_leftPicker->setMinimumContentsLength(24);
    m_rightPicker->setMinimumContentsLength(24);

    auto *pickers = new QHBoxLayout;
    auto *leftLabel = new QLabel(tr("&Compare"), this);
    leftLabel->setBuddy(m_leftPicker);
    auto *rightLabel = new QLabel(tr("&with"), this);
    rightLabel->setBuddy(m_rightPicker);
    pickers->addWidget(leftLabel);
    pickers->addWidget(m_leftPicker, 1);
    pickers->addWidget(rightLabel);
    pickers->addWidget(m_rightPicker, 1);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(pickers);
    rightLayout->addWidget(m_diffView, 1);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(u"promptsSplitter"_s);
    splitter->addWidget(m_tree);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({400, 900});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);

    connect(controller, &PromptsController::catalogChanged, this, &PromptsPage::handleCatalogChanged);
    connect(controller, &PromptsController::loadingChanged, this, [this](bool loading) {
        if (loading)
            m_status->setText(tr("Reading prompt versions…"));
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &PromptsPage::handleSelection);
    connect(m_leftPicker, &QComboBox::currentIndexChanged, this, &PromptsPage::handlePickerChanged);
    connect(m_rightPicker, &QComboBox::currentIndexChanged, this, &PromptsPage::handlePickerChanged);
    handleCatalogChanged();
}

void PromptsPage::handleCatalogChanged()
{
    m_status->setText(m_controller->statusText());
    PromptCatalogModel *model = m_controller->model();
    m_tree->expandAll();
    for (int column = 0; column < PromptCatalogModel::ColumnCount - 1; ++column)
        m_tree->resizeColumnToContents(column);
    m_tree->setColumnHidden(PromptCatalogModel::AuthorColumn, true); // in the tooltip; the message matters more
    // Keep the prompt the user was looking at; otherwise the first one that changed, else the first.
    QString prompt = model->catalog().find(m_prompt) ? m_prompt : QString();
    const QStringList changed = m_controller->changedSincePrevious();
    if (prompt.isEmpty() && !changed.isEmpty())
        prompt = changed.first();
    if (prompt.isEmpty() && !model->catalog().prompts.isEmpty())
        prompt = model->catalog().prompts.first().name;
    if (prompt.isEmpty()) {
        m_prompt.clear();
        m_leftPicker->clear();
        m_rightPicker->clear();
        m_diffView->setDiff({}, {}, {});
        return;
    }
    // The labels say which deployment shipped which version: they change with every load.
    m_leftPicker->clear();
    m_rightPicker->clear();
    const auto [left, right] = m_controller->defaultPair(prompt);
    showPrompt(prompt, left, right);
    m_updating = true;
    m_tree->setCurrentIndex(model->indexOfPrompt(prompt));
    m_updating = false;
}

void PromptsPage::handleSelection()
{
    if (m_updating)
        return;
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return;
    const QString prompt = current.data(PromptCatalogModel::PromptNameRole).toString();
    const int version = current.data(PromptCatalogModel::VersionIndexRole).toInt();
    if (version < 0) {
        const auto [left, right] = m_controller->defaultPair(prompt);
        showPrompt(prompt, left, right);
        return;
    }
    // A version against the one before it (or itself when it is the first).
    const int older = std::min(version + 1, m_controller->model()->rowCount(current.parent()) - 1);
    showPrompt(prompt, older, version);
}

void PromptsPage::showPrompt(const QString &prompt, int leftIndex, int rightIndex)
{
    m_updating = true;
    if (prompt != m_prompt || m_leftPicker->count() == 0) {
        m_prompt = prompt;
        fillPickers();
    }
    m_leftPicker->setCurrentIndex(leftIndex);
    m_rightPicker->setCurrentIndex(rightIndex);
    m_updating = false;
    handlePickerChanged();
}

void PromptsPage::fillPickers()
{
    m_leftPicker->clear();
    m_rightPicker->clear();
    const QModelIndex promptIndex = m_controller->model()->indexOfPrompt(m_prompt);
    const int count = m_controller->model()->rowCount(promptIndex);
    for (int i = 0; i < count; ++i) {
        const QString label = m_controller->versionLabel(m_prompt, i);
        m_leftPicker->addItem(label);
        m_rightPicker->addItem(label);
    }
}

void PromptsPage::handlePickerChanged()
{
    if (m_updating || m_prompt.isEmpty())
        return;
    const int left = m_leftPicker->currentIndex();
    const int right = m_rightPicker->currentIndex();
    m_diffView->setDiff(m_controller->diff(m_prompt, left, right), m_controller->versionTitle(m_prompt, left),
                        m_controller->versionTitle(m_prompt, right));
}
