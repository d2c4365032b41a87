// SPDX-License-Identifier: GPL-3.0-or-later
#include "UptimeSparkline.h"

#include "itemmodels/StatusStyle.h"

#include <QPainter>

using namespace Qt::StringLiterals;

UptimeSparkline::UptimeSparkline(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"uptimeSparkline"_s);
    setMinimumHeight(36);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void UptimeSparkline::setSamples(const QList<UptimeSample> &samples)
{
    m_samples = samples.mid(qMax<qsizetype>(0, samples.size() - MAX_BARS));
    update();
}

void UptimeSparkline::addSample(const UptimeSample &sample)
{
    m_samples.append(sample);
    if (m_samples.size() > MAX_BARS)
        m_samples.removeFirst();
    update();
}

void UptimeSparkline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QRect area = rect().adjusted(0, 2, -110, -2);
    const QColor text = palette().color(QPalette::WindowText);
    if (m_samples.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, tr("No polls yet: Liftoff polls the health endpoint while it runs"));
        return;
    }
    qint64 maxLatency = 1;
    int up = 0;
    for (const UptimeSample &s : std::as_const(m_samples)) {
        maxLatency = qMax(maxLatency, s.latencyMs);
        up += s.ok ? 1 : 0;
    }
    const qreal barWidth = qMax<qreal>(2.0, qreal(area.width()) / MAX_BARS);
    const QColor okColor = StatusStyle::color(Status::Pass);
    const QColor downColor = StatusStyle::color(Status::Fail);
    for (qsizetype i = 0; i < m_samples.size(); ++i) {
        const UptimeSample &s = m_samples.at(i);
        const qreal x = area.left() + i * barWidth;
        const qreal h = s.ok ? qMax<qreal>(3.0, area.height() * qreal(s.latencyMs) / qreal(maxLatency)) : area.height();
        p.fillRect(QRectF(x, area.bottom() - h + 1, barWidth - 1, h), s.ok ? okColor : downColor);
    }
    p.setPen(text);
    const double pct = 100.0 * up / double(m_samples.size());
    p.drawText(QRect(area.right() + 8, 0, 110, height()), Qt::AlignLeft | Qt::AlignVCenter,
               tr("%1 % up · %2 polls").arg(QString::number(pct, 'f', 1)).arg(m_samples.size()));
}
