// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels/ChecklistModel.h"

#include "itemmodels/StatusStyle.h"
#include "probes/RedteamEvidenceText.h"

#include <QFont>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QLocale>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace {
bool sameEvaluation(const EvaluatedItem &a, const EvaluatedItem &b)
{
    return a.effective == b.effective && a.summary == b.summary && a.counts == b.counts && a.state == b.state
           && a.item.id == b.item.id && a.item.title == b.item.title && a.item.binding == b.item.binding;
}

QString shortTime(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s) : QString();
}
} // namespace

ChecklistModel::ChecklistModel(ChecklistTemplate checklist, QObject *parent)
    : QAbstractTableModel(parent), m_checklist(std::move(checklist))
{
    m_context.now = QDateTime::currentDateTimeUtc();
    const QList<ChecklistItem> &items = m_checklist.items();
    m_evaluated.reserve(items.size());
    for (int row = 0; row < items.size(); ++row) {
        m_rows.insert(items.at(row).id, row);
        ItemState state;
        state.itemId = items.at(row).id;
        m_evaluated.append(VerdictRules::evaluate(items.at(row), state, m_context));
    }
    m_verdict = VerdictRules::verdict(m_evaluated);
}

int ChecklistModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_evaluated.size());
}

int ChecklistModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChecklistModel::displayData(const EvaluatedItem &e, int column) const
{
    switch (column) {
    case StatusColumn: return StatusStyle::label(e.effective);
    case TitleColumn: return e.item.title;
    case LevelColumn:
        return e.item.mvp ? u"%1 · MVP"_s.arg(ChecklistText::toString(e.item.level)) : ChecklistText::toString(e.item.level);
    case SourceColumn: return e.item.binding.toString();
    case LastCheckedColumn: return shortTime(e.state.checkedAt);
    case SummaryColumn: return e.summary;
    default: return {};
    }
}

QVariant ChecklistModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EvaluatedItem &e = m_evaluated.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return displayData(e, column);
    case Qt::ToolTipRole:
        if (column == TitleColumn)
            return u"%1\nPasses when: %2"_s.arg(e.item.id, e.item.passesWhen);
        if (column == LastCheckedColumn && !e.state.by.isEmpty())
            return u"%1 by %2"_s.arg(shortTime(e.state.checkedAt), e.state.by);
        if (column == StatusColumn && !e.counts)
            return u"Post-deployment: counts once the deployment is released"_s;
        return column == SummaryColumn || column == StatusColumn ? QVariant(e.summary) : QVariant();
    case Qt::DecorationRole:
        return column == StatusColumn ? QVariant(StatusStyle::icon(e.effective)) : QVariant();
    case Qt::ForegroundRole:
        if (column == StatusColumn)
            return StatusStyle::color(e.effective);
        if (!e.counts)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (column == LevelColumn && e.item.level == Level::Must) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case ItemIdRole: return e.item.id;
    case StatusRole: return QVariant::fromValue(e.effective);
    case StoredStatusRole: return QVariant::fromValue(e.state.status);
    case SectionRole: return e.item.section;
    case PhaseRole: return QVariant::fromValue(e.item.phase);
    case LevelRole: return QVariant::fromValue(e.item.level);
    case MvpRole: return e.item.mvp;
    case CountsRole: return e.counts;
    case BlockingRole: return m_verdict.blocking.contains(e.item.id);
    case TitleRole: return e.item.title;
    case SummaryRole: return e.summary;
    case PassesWhenRole: return e.item.passesWhen;
    case BindingRole: return e.item.binding.toString();
    case BindingKindRole: return QVariant::fromValue(e.item.binding.kind);
    case SourceRole: return StatusSourceText::toString(e.state.source);
    case ByRole: return e.state.by;
    case CheckedAtRole: return e.state.checkedAt;
    case NoteRole: return e.state.note;
    case WaiverExpiresRole: return e.state.waiverExpires;
    case EvidenceTextRole: {
        if (e.state.evidence.isEmpty())
            return QString();
        const QString json = QString::fromUtf8(QJsonDocument(e.state.evidence).toJson(QJsonDocument::Indented)).trimmed();
        // A red-team run lists its attacks readably first; the JSON stays below for the details.
        const QString attacks = RedteamEvidenceText::format(e.state.evidence);
        return attacks.isEmpty() ? json : attacks + u"\n\n"_s + json;
    }
    case ConditionsRole: return e.state.conditions;
    default: return {};
    }
}

QVariant ChecklistModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StatusColumn: return u"Status"_s;
    case TitleColumn: return u"Title"_s;
    case LevelColumn: return u"Level"_s;
    case SourceColumn: return u"Source"_s;
    case LastCheckedColumn: return u"Last checked"_s;
    case SummaryColumn: return u"Summary"_s;
    default: return {};
    }
}

QHash<int, QByteArray> ChecklistModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ItemIdRole, "itemId");
    names.insert(StatusRole, "status");
    names.insert(SectionRole, "section");
    names.insert(LevelRole, "level");
    names.insert(MvpRole, "mvp");
    names.insert(CountsRole, "counts");
    names.insert(BlockingRole, "blocking");
    names.insert(SummaryRole, "summary");
    return names;
}

void ChecklistModel::setContext(const VerdictRules::Context &context)
{
    m_context = context;
    reevaluateAll();
}

void ChecklistModel::setStates(const QHash<QString, ItemState> &states)
{
    m_states = states;
    reevaluateAll();
}

void ChecklistModel::setState(const ItemState &state)
{
    const int row = rowOf(state.itemId);
    if (row < 0)
        return;
    m_states.insert(state.itemId, state);
    if (reevaluate(row)) {
        // Blocking depends on the item alone, so the verdict change needs no other row's repaint.
        updateVerdict();
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        emit verdictChanged();
    }
}

ItemState ChecklistModel::state(const QString &itemId) const
{
    ItemState s = m_states.value(itemId);
    s.itemId = itemId;
    return s;
}

int ChecklistModel::rowOf(const QString &itemId) const
{
    return m_rows.value(itemId, -1);
}

bool ChecklistModel::reevaluate(int row)
{
    const ChecklistItem &item = m_checklist.items().at(row);
    const EvaluatedItem next = VerdictRules::evaluate(item, state(item.id), m_context);
    if (sameEvaluation(next, m_evaluated.at(row)))
        return false;
    m_evaluated[row] = next;
    return true;
}

void ChecklistModel::reevaluateAll()
{
    QList<int> changed;
    for (int row = 0; row < m_evaluated.size(); ++row) {
        if (reevaluate(row))
            changed.append(row);
    }
    if (changed.isEmpty())
        return;
    updateVerdict();
    // One signal per contiguous run of changed rows keeps the views' repaint precise.
    int first = changed.first();
    int last = first;
    for (qsizetype i = 1; i <= changed.size(); ++i) {
        if (i < changed.size() && changed.at(i) == last + 1) {
            last = changed.at(i);
            continue;
        }
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
        if (i < changed.size())
            first = last = changed.at(i);
    }
    emit verdictChanged();
}

void ChecklistModel::updateVerdict()
{
    m_verdict = VerdictRules::verdict(m_evaluated);
}
