// SPDX-License-Identifier: GPL-3.0-or-later
#include "PromptDiffView.h"

#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

using namespace Qt::StringLiterals;

namespace {
enum class Tint { Removed, Added, Whitespace, Filler };

/** Blends a hue into the palette's base so it reads on light and dark themes alike. */
QColor tint(const QPalette &palette, Tint which, bool strong)
{
    const QColor base = palette.color(QPalette::Base);
    const bool dark = base.lightness() < 128;
    QColor hue;
    switch (which) {
    case Tint::Removed: hue = QColor(215, 58, 73); break;
    case Tint::Added: hue = QColor(40, 167, 69); break;
    case Tint::Whitespace: hue = QColor(56, 132, 244); break;
    case Tint::Filler: hue = palette.color(QPalette::Mid); break;
    }
    const double amount = (strong ? 0.45 : 0.16) + (dark ? 0.12 : 0.0);
    const auto mix = [amount](int a, int b) { return static_cast<int>(a * (1.0 - amount) + b * amount); };
    return QColor(mix(base.red(), hue.red()), mix(base.green(), hue.green()), mix(base.blue(), hue.blue()));
}

QPlainTextEdit *makeView(const QString &name)
{
    auto *view = new QPlainTextEdit;
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    // Both sides keep the same viewport height, so rows stay level at the bottom too.
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return view;
}
} // namespace

PromptDiffView::PromptDiffView(QWidget *parent)
    : QWidget(parent)
    , m_leftTitle(new QLabel(this))
    , m_rightTitle(new QLabel(this))
    , m_left(makeView(u"leftTextEdit"_s))
    , m_right(makeView(u"rightTextEdit"_s))
    , m_legend(new QLabel(this))
{
    m_leftTitle->setObjectName(u"leftTitleLabel"_s);
    m_rightTitle->setObjectName(u"rightTitleLabel"_s);
    m_legend->setObjectName(u"legendLabel"_s);
    m_leftTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rightTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_leftTitle, 0, 0);
    layout->addWidget(m_rightTitle, 0, 1);
    layout->addWidget(m_left, 1, 0);
    layout->addWidget(m_right, 1, 1);
    layout->addWidget(m_legend, 2, 0, 1, 2);
    layout->setRowStretch(1, 1);
    for (QPlainTextEdit *view : {m_left, m_right}) {
        connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this,
                [this, view](int value) { syncVertical(view, value); });
        connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, this,
                [this, view](int value) { syncHorizontal(view, value); });
    }
}

void PromptDiffView::syncVertical(QPlainTextEdit *from, int value)
{
    if (m_syncing)
        return;
    m_syncing = true;
    // Both sides have one block per row, so equal scroll values show the same rows.
    (from == m_left ? m_right : m_left)->verticalScrollBar()->setValue(value);
    m_syncing = false;
}

void PromptDiffView::syncHorizontal(QPlainTextEdit *from, int value)
{
    if (m_syncing)
        return;
    m_syncing = true;
    (from == m_left ? m_right : m_left)->horizontalScrollBar()->setValue(value);
    m_syncing = false;
}

void PromptDiffView::setDiff(const PromptDiffResult &diff, const QString &leftTitle, const QString &rightTitle)
{
    m_diff = diff;
    m_leftTitle->setText(leftTitle + (diff.leftLossy ? tr("  — not valid UTF-8, shown with �") : QString()));
    m_rightTitle->setText(rightTitle + (diff.rightLossy ? tr("  — not valid UTF-8, shown with �") : QString()));
    render();
}

void PromptDiffView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        render(); // colours are derived from the palette
}

void PromptDiffView::render()
{
    const QPalette pal = palette();
    QStringList leftLines;
    QStringList rightLines;
    for (const PromptDiffRow &row : std::as_const(m_diff.rows)) {
        leftLines.append(row.leftLine ? row.leftText : QString());
        rightLines.append(row.rightLine ? row.rightText : QString());
    }
    const int vertical = m_left->verticalScrollBar()->value();
    m_left->setPlainText(leftLines.join(u'\n'));
    m_right->setPlainText(rightLines.join(u'\n'));

    const auto paint = [&](QPlainTextEdit *view, bool leftSide) {
        QTextDocument *document = view->document();
        QTextBlock block = document->firstBlock();
        for (const PromptDiffRow &row : std::as_const(m_diff.rows)) {
            if (!block.isValid())
                break;
            const bool present = leftSide ? row.leftLine.has_value() : row.rightLine.has_value();
            std::optional<Tint> lineTint;
            Tint wordTint = leftSide ? Tint::Removed : Tint::Added;
            if (!present)
                lineTint = Tint::Filler;
            else if (row.kind == PromptDiffRow::Kind::Removed || row.kind == PromptDiffRow::Kind::Added
                     || row.kind == PromptDiffRow::Kind::Changed)
                lineTint = leftSide ? Tint::Removed : Tint::Added;
            else if (row.kind == PromptDiffRow::Kind::WhitespaceOnly) {
                lineTint = Tint::Whitespace;
                wordTint = Tint::Whitespace;
            }
            QTextCursor cursor(block);
            if (lineTint) {
                QTextBlockFormat format = block.blockFormat();
                format.setBackground(tint(pal, *lineTint, false));
                cursor.setBlockFormat(format);
            }
            const QList<PromptDiffRow::Range> &ranges = leftSide ? row.leftRanges : row.rightRanges;
            for (const PromptDiffRow::Range &range : ranges) {
                cursor.setPosition(block.position() + range.first);
                cursor.setPosition(block.position() + range.first + range.second, QTextCursor::KeepAnchor);
                QTextCharFormat format;
                format.setBackground(tint(pal, wordTint, true));
                if (wordTint == Tint::Whitespace) {
                    // Whitespace has no glyph: underline it so the change can be seen.
                    format.setUnderlineStyle(QTextCharFormat::DashUnderline);
                    format.setUnderlineColor(pal.color(QPalette::Text));
                }
                cursor.mergeCharFormat(format);
            }
            block = block.next();
        }
    };
    paint(m_left, true);
    paint(m_right, false);
    m_left->verticalScrollBar()->setValue(vertical);

    QString legend;
    if (m_diff.rows.isEmpty())
        legend = tr("Nothing to compare.");
    else if (m_diff.isIdentical())
        legend = tr("The two versions are identical.");
    else
        legend = tr("%n changed row(s)", nullptr, m_diff.changedRows);
    if (m_diff.whitespaceOnlyRows > 0)
        legend += u", "_s + tr("%n only in whitespace (blue, dashed)", nullptr, m_diff.whitespaceOnlyRows);
    if (m_diff.truncated)
        legend += u". "_s + tr("Very long prompts: only the first %1 lines are compared.").arg(20000);
    const QString swatch = u"<span style='background:%1'>&nbsp;%2&nbsp;</span> "_s;
    legend += u"&nbsp;&nbsp; "_s + swatch.arg(tint(pal, Tint::Removed, true).name(), tr("removed"))
              + swatch.arg(tint(pal, Tint::Added, true).name(), tr("added"))
              + swatch.arg(tint(pal, Tint::Whitespace, true).name(), tr("whitespace only"));
    m_legend->setText(legend);
}
