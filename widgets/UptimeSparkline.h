// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/UptimeSample.h"

#include <QList>
#include <QWidget>

/**
 * A small strip of the health endpoint's recent polls: one bar per poll, its height the latency,
 * its colour up or down, with the uptime percentage beside it. Shows what it is given; no maths
 * beyond scaling.
 */
class UptimeSparkline final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UptimeSparkline)

public:
    static constexpr qsizetype MAX_BARS = 120;

    explicit UptimeSparkline(QWidget *parent = nullptr);
    void setSamples(const QList<UptimeSample> &samples);
    void addSample(const UptimeSample &sample);
    qsizetype sampleCount() const { return m_samples.size(); }
    QSize sizeHint() const override { return {320, 40}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<UptimeSample> m_samples; ///< the newest MAX_BARS, oldest first
};
