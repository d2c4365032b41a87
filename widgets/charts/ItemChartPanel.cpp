// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/ItemChartPanel.h"

#include "charts/ModelUsageChartView.h"
#include "charts/SpendChartView.h"
#include "charts/TimeSeriesChartView.h"
#include "itemmodels/DashboardModel.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <QtCharts/QChart>
#include <QtCharts/QLegend>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
constexpr int CHART_MIN_WIDTH = 240;
// The spend chart has axis titles on both sides; below this they are cut to "USD month t…".
constexpr int SPEND_MIN_HEIGHT = 280;
constexpr double LEGEND_FONT_SCALE = 0.9; // four spend entries fit in the panel's width

bool hasPoints(const QList<DashboardModel::TimeSeries> &lines)
{
    return std::any_of(lines.begin(), lines.end(), [](const DashboardModel::TimeSeries &s) { return !s.points.isEmpty(); });
}
} // namespace

ItemChartPanel::ItemChartPanel(DashboardModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_captionLabel(new QLabel(this))
    , m_rangeBox(new QWidget(this))
    , m_rangeButtons(new QButtonGroup(this))
    , m_messageLabel(new QLabel(this))
{
    setObjectName(u"itemChartPanel"_s);
    m_captionLabel->setObjectName(u"itemChartCaptionLabel"_s);
    QFont font = m_captionLabel->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    m_captionLabel->setFont(font); // as the detail panel's other captions
    m_captionLabel->setForegroundRole(QPalette::PlaceholderText);

    auto *rangeLayout = new QHBoxLayout(m_rangeBox);
    rangeLayout->setContentsMargins(0, 0, 0, 0);
    rangeLayout->setSpacing(2);
    const QList<std::pair<DashboardModel::Range, QString>> ranges {
        {DashboardModel::Range::Day, u"itemRange24hButton"_s},
        {DashboardModel::Range::Week, u"itemRange7dButton"_s},
        {DashboardModel::Range::Month, u"itemRange30dButton"_s}};
    for (const auto &[range, name] : ranges) {
        auto *button = new QToolButton(m_rangeBox);
        button->setObjectName(name);
        button->setText(DashboardModel::rangeLabel(range));
        button->setCheckable(true);
        button->setToolTip(tr("Show the last %1 (here and on the Dashboard)").arg(DashboardModel::rangeLabel(range)));
        m_rangeButtons->addButton(button, int(range));
        rangeLayout->addWidget(button);
    }
    m_rangeButtons->setExclusive(true);

    m_messageLabel->setObjectName(u"itemChartMessageLabel"_s);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_captionLabel, 1);
    header->addWidget(m_rangeBox);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_messageLabel);

    // The range is the model's: choosing it here re-draws the Dashboard too, and the other way round.
    connect(m_rangeButtons, &QButtonGroup::idClicked, m_model, [this](int id) {
        m_model->setRange(static_cast<DashboardModel::Range>(id));
    });
    connect(m_model, &DashboardModel::changed, this, &ItemChartPanel::refresh);
    connect(m_model, &DashboardModel::loadingChanged, this, &ItemChartPanel::refresh);
    hide();
}

ItemChartPanel::~ItemChartPanel() = default;

ItemChartPanel::Chart ItemChartPanel::chartFor(const QString &itemId)
{
    if (itemId == u"h24.latency")
        return Chart::Latency;
    if (itemId == u"h24.error-rate")
        return Chart::ErrorRate;
    if (itemId == u"h24.cost-in-range" || itemId == u"cost.spend-limit" || itemId == u"w1.cost-projection")
        return Chart::Spend;
    if (itemId == u"cost.token-budget" || itemId == u"cost.per-request-logged")
        return Chart::ModelUsage;
    return Chart::None;
}

void ItemChartPanel::setItem(const QString &itemId)
{
    m_chart = chartFor(itemId);
    refresh();
}

QWidget *ItemChartPanel::currentView() const
{
    switch (m_chart) {
    case Chart::Spend:
        return m_spend;
    case Chart::Latency:
        return m_latency;
    case Chart::ErrorRate:
        return m_errors;
    case Chart::ModelUsage:
        return m_models;
    case Chart::None:
        break;
    }
    return nullptr;
}

QString ItemChartPanel::message() const
{
    return m_messageLabel->isHidden() ? QString() : m_messageLabel->text();
}

QWidget *ItemChartPanel::ensureView(Chart chart)
{
    // Created on first use: nine section pages each have a panel, and most never show a chart.
    QChartView *view = nullptr;
    QString name;
    switch (chart) {
    case Chart::Spend:
        if (!m_spend)
            view = m_spend = new SpendChartView(this);
        name = u"itemSpendChartView"_s;
        break;
    case Chart::Latency:
        if (!m_latency)
            view = m_latency = new TimeSeriesChartView(tr("Latency P50 / P95 / P99 (per hour)"), u"ms"_s, this);
        name = u"itemLatencyChartView"_s;
        break;
    case Chart::ErrorRate:
        if (!m_errors)
            view = m_errors = new TimeSeriesChartView(tr("Error rate (per hour)"), u"%"_s, this);
        name = u"itemErrorRateChartView"_s;
        break;
    case Chart::ModelUsage:
        if (!m_models)
            view = m_models = new ModelUsageChartView(this);
        name = u"itemModelUsageChartView"_s;
        break;
    case Chart::None:
        return nullptr;
    }
    if (view) {
        view->setObjectName(name);
        QFont legendFont = view->chart()->legend()->font();
        legendFont.setPointSizeF(legendFont.pointSizeF() * LEGEND_FONT_SCALE);
        view->chart()->legend()->setFont(legendFont);
        view->setMinimumSize(CHART_MIN_WIDTH, chart == Chart::Spend ? SPEND_MIN_HEIGHT : CHART_MIN_HEIGHT);
        view->hide();
        layout()->addWidget(view);
    }
    return currentView();
}

QString ItemChartPanel::emptyReason() const
{
    bool hasData = false;
    bool zeroIsData = false;
    switch (m_chart) {
    case Chart::Spend: {
        const QList<double> daily = m_model->spend().dailyUsd;
        hasData = std::any_of(daily.begin(), daily.end(), [](double usd) { return usd > 0; });
        zeroIsData = true; // nothing spent yet this month is worth seeing against the budget
        break;
    }
    case Chart::Latency:
        hasData = hasPoints(m_model->latencySeries());
        break;
    case Chart::ErrorRate:
        hasData = hasPoints({m_model->errorRateSeries()});
        break;
    case Chart::ModelUsage:
        hasData = !m_model->modelUsage().isEmpty();
        break;
    case Chart::None:
        break;
    }
    if (hasData)
        return {};
    if (m_model->isLoading())
        return tr("Reading the call sources…");
    if (!m_model->errorString().isEmpty())
        return m_model->errorString();
    if (zeroIsData)
        return {};
    return tr("No calls in the last %1.").arg(DashboardModel::rangeLabel(m_model->range()));
}

void ItemChartPanel::refresh()
{
    if (m_chart == Chart::None) {
        hide();
        return;
    }
    switch (m_chart) {
    case Chart::Spend:
        m_captionLabel->setText(tr("Spend this month (from the %1)").arg(m_model->spend().source));
        break;
    case Chart::Latency:
        m_captionLabel->setText(tr("Latency P50 / P95 / P99 per hour"));
        break;
    case Chart::ErrorRate:
        m_captionLabel->setText(tr("Error rate per hour"));
        break;
    case Chart::ModelUsage:
        m_captionLabel->setText(tr("Tokens and cost by model"));
        break;
    case Chart::None:
        break;
    }
    const QString reason = emptyReason();
    // Spend is always the calendar month; the range applies to the call-log charts, and helps
    // only when there is a log to show ("no calls in the last 24 h": try 7 d).
    m_rangeBox->setVisible(m_chart != Chart::Spend && (reason.isEmpty() || m_model->errorString().isEmpty()));
    if (QAbstractButton *button = m_rangeButtons->button(int(m_model->range())))
        button->setChecked(true);
    QWidget *view = reason.isEmpty() ? ensureView(m_chart) : nullptr;
    for (QWidget *w : std::initializer_list<QWidget *> {m_spend, m_latency, m_errors, m_models}) {
        if (w && w != view)
            w->hide();
    }
    m_messageLabel->setText(reason);
    m_messageLabel->setVisible(!reason.isEmpty());
    // Shown before it gets data: a hidden QChartView keeps axis label widths from its tiny
    // pre-show size and elides "4000" to "4…".
    if (view)
        view->show();
    const QList<DashboardModel::ReleaseMarker> releases = m_model->releases();
    switch (view ? m_chart : Chart::None) {
    case Chart::Spend:
        m_spend->setData(m_model->spend(), releases);
        break;
    case Chart::Latency:
        m_latency->setData(m_model->latencySeries(), m_model->fromMs(), m_model->toMs(), releases);
        break;
    case Chart::ErrorRate:
        m_errors->setData({m_model->errorRateSeries()}, m_model->fromMs(), m_model->toMs(), releases);
        break;
    case Chart::ModelUsage:
        m_models->setData(m_model->modelUsage());
        break;
    case Chart::None:
        break;
    }
    // The caption above says what the chart shows, and the panel is short of height.
    if (auto *chartView = qobject_cast<QChartView *>(view))
        chartView->chart()->setTitle(QString());
    show();
}
