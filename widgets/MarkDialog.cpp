// SPDX-License-Identifier: GPL-3.0-or-later
#include "MarkDialog.h"

#include "ItemHeading.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QString titleFor(MarkRequest::Action action)
{
    switch (action) {
    case MarkRequest::Action::Pass: return u"Pass item"_s;
    case MarkRequest::Action::Fail: return u"Fail item"_s;
    default: return u"Add note"_s;
    }
}
} // namespace

MarkDialog::MarkDialog(const ChecklistItem &item, MarkRequest::Action action, QWidget *parent)
    : QDialog(parent), m_action(action)
    , m_noteEdit(ItemHeading::createNoteEdit(u"noteTextEdit"_s,
                                             action == MarkRequest::Action::Note ? u"The note"_s
                                                                                 : u"What was checked, and how"_s,
                                             this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"markDialog"_s);
    setWindowTitle(titleFor(action));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(ItemHeading::create(item, {}, this));

    auto *form = new QFormLayout;
    form->addRow(u"&Note:"_s, m_noteEdit);

    if (action == MarkRequest::Action::Pass && item.binding.kind == BindingKind::ManualEvidence) {
        auto *row = new QHBoxLayout;
        m_evidenceEdit = new QLineEdit(this);
        m_evidenceEdit->setObjectName(u"evidenceLineEdit"_s);
        m_evidenceEdit->setPlaceholderText(u"https://… or a file"_s);
        auto *browse = new QPushButton(u"&Browse…"_s, this);
        browse->setObjectName(u"browseEvidenceButton"_s);
        connect(browse, &QPushButton::clicked, this, &MarkDialog::browseForEvidence);
        row->addWidget(m_evidenceEdit, 1);
        row->addWidget(browse);
        auto *evidenceLabel = new QLabel(u"&Evidence:"_s, this);
        evidenceLabel->setBuddy(m_evidenceEdit);
        form->addRow(evidenceLabel, row);
        auto *hint = new QLabel(u"This item needs a link to a report or ticket, or a file."_s, this);
        hint->setWordWrap(true);
        hint->setForegroundRole(QPalette::PlaceholderText);
        form->addRow(QString(), hint);
    }
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(action == MarkRequest::Action::Pass   ? u"Pass"_s
                                                     : action == MarkRequest::Action::Fail ? u"Fail"_s
                                                                                           : u"Save note"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_noteEdit, &QPlainTextEdit::textChanged, this, &MarkDialog::updateOkButton);
    updateOkButton();
}

MarkRequest MarkDialog::request() const
{
    MarkRequest request;
    request.action = m_action;
    request.note = m_noteEdit->toPlainText().trimmed();
    if (m_evidenceEdit)
        request.evidence = m_evidenceEdit->text().trimmed();
    return request;
}

void MarkDialog::setNote(const QString &note)
{
    m_noteEdit->setPlainText(note);
}

void MarkDialog::setEvidence(const QString &evidence)
{
    if (m_evidenceEdit)
        m_evidenceEdit->setText(evidence);
}

void MarkDialog::updateOkButton()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_noteEdit->toPlainText().trimmed().isEmpty());
}

void MarkDialog::browseForEvidence()
{
    const QString file = QFileDialog::getOpenFileName(this, u"Choose evidence"_s);
    if (!file.isEmpty())
        m_evidenceEdit->setText(file);
}
