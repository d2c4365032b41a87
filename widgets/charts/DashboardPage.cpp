// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/DashboardPage.h"

#include "charts/ModelUsageChartView.h"
#include "charts/SpendChartView.h"
#include "charts/TimeSeriesChartView.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

DashboardPage::DashboardPage(DashboardModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_rangeButtons(new QButtonGroup(this))
    , m_statusLabel(new QLabel(this))
    , m_spend(new SpendChartView(this))
    , m_latency(new TimeSeriesChartView(tr("Latency P50 / P95 / P99 (per hour)"), u"ms"_s, this))
    , m_errors(new TimeSeriesChartView(tr("Error rate (per hour)"), u"%"_s, this))
    , m_models(new ModelUsageChartView(this))
{
    m_spend->setObjectName(u"spendChartView"_s);
    m_latency->setObjectName(u"latencyChartView"_s);
    m_errors->setObjectName(u"errorRateChartView"_s);
    m_models->setObjectName(u"modelUsageChartView"_s);
    m_statusLabel->setObjectName(u"dashboardStatusLabel"_s);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Range:"), this));
    const QList<std::pair<DashboardModel::Range, QString>> ranges {{DashboardModel::Range::Day, u"range24hButton"_s},
                                                                   {DashboardModel::Range::Week, u"range7dButton"_s},
                                                                   {DashboardModel::Range::Month, u"range30dButton"_s}};
    for (const auto &[range, name] : ranges) {
        auto *button = new QToolButton(this);
        button->setObjectName(name);
        button->setText(DashboardModel::rangeLabel(range));
        button->setCheckable(true);
        button->setChecked(range == model->range());
        button->setToolTip(tr("Show the last %1").arg(DashboardModel::rangeLabel(range)));
        m_rangeButtons->addButton(button, int(range));
        top->addWidget(button);
    }
    m_rangeButtons->setExclusive(true);
    auto *reload = new QToolButton(this);
    reload->setObjectName(u"reloadDashboardButton"_s);
    reload->setText(tr("Reload"));
    reload->setToolTip(tr("Read the call sources again"));
    top->addWidget(reload);
    top->addSpacing(12);
    top->addWidget(m_statusLabel, 1);

    auto *grid = new QGridLayout;
    grid->addWidget(m_spend, 0, 0);
    grid->addWidget(m_latency, 0, 1);
    grid->addWidget(m_errors, 1, 0);
    grid->addWidget(m_models, 1, 1);
    grid->setSpacing(6);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(grid, 1);

    connect(m_rangeButtons, &QButtonGroup::idClicked, m_model, [this](int id) {
        m_model->setRange(static_cast<DashboardModel::Range>(id));
    });
    connect(reload, &QToolButton::clicked, m_model, &DashboardModel::load);
    connect(m_model, &DashboardModel::changed, this, &DashboardPage::refresh);
    connect(m_model, &DashboardModel::loadingChanged, this, &DashboardPage::handleLoadingChanged);
    refresh();
}

DashboardPage::~DashboardPage() = default;

void DashboardPage::handleLoadingChanged(bool loading)
{
    if (loading)
        m_statusLabel->setText(tr("Reading the call sources…"));
}

void DashboardPage::refresh()
{
    if (QAbstractButton *button = m_rangeButtons->button(int(m_model->range())))
        button->setChecked(true);
    const QList<DashboardModel::ReleaseMarker> releases = m_model->releases();
    m_spend->setData(m_model->spend(), releases);
    m_latency->setData(m_model->latencySeries(), m_model->fromMs(), m_model->toMs(), releases);
    m_errors->setData({m_model->errorRateSeries()}, m_model->fromMs(), m_model->toMs(), releases);
    m_models->setData(m_model->modelUsage());
    if (m_model->isLoading())
        return;
    if (!m_model->errorString().isEmpty())
        m_statusLabel->setText(m_model->errorString());
    else
        m_statusLabel->setText(tr("%1 calls in the last %2 · spend from the %3")
                                   .arg(QLocale().toString(m_model->calls()), DashboardModel::rangeLabel(m_model->range()),
                                        m_model->spend().source));
}
