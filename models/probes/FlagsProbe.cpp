// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/FlagsProbe.h"

#include "actions/FlagSwitch.h"
#include "config/ProjectConfig.h"

#include <QJsonObject>
#include <QTimer>

using namespace Qt::StringLiterals;

FlagsProbe::FlagsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
}

FlagsProbe::~FlagsProbe() = default;

void FlagsProbe::start()
{
    m_startedAt = QDateTime::currentDateTimeUtc();
    if (!m_context.project || !m_context.project->flags) {
        ProbeResult r;
        r.itemId = m_request.itemId;
        r.status = Status::Fail;
        r.summary = u"no kill switch configured: add `flags` (ofrep, flagd_file or unleash) to liftoff.yaml"_s;
        QTimer::singleShot(0, this, [this, r] { finishWith(r); });
        return;
    }
    const FlagsConfig &flags = *m_context.project->flags;
    m_switch = std::make_unique<FlagSwitch>(m_nam, flags, m_context.projectDir, m_context.environment);
    const QJsonObject evidence {{u"flag"_s, flags.flag}, {u"source"_s, FlagSwitch::sourceName(flags.kind)}};
    connect(m_switch.get(), &FlagSwitch::valueRead, this, [this, evidence](bool value) {
        ProbeResult r;
        r.itemId = m_request.itemId;
        r.status = Status::Pass;
        r.summary = u"%1 = %2 (%3)"_s.arg(evidence[u"flag"].toString(), value ? u"true"_s : u"false"_s,
                                         evidence[u"source"].toString());
        r.evidence = evidence;
        r.evidence.insert(u"value"_s, value);
        finishWith(r);
    });
    connect(m_switch.get(), &FlagSwitch::failed, this, [this, evidence](const QString &error) {
        ProbeResult r;
        r.itemId = m_request.itemId;
        r.status = Status::Fail;
        r.summary = error;
        r.evidence = evidence;
        finishWith(r);
    });
    m_switch->read();
}

void FlagsProbe::cancel()
{
    m_switch.reset();
    finishWith(ProbeResult::error(m_request.itemId, u"cancelled"_s));
}

void FlagsProbe::finishWith(ProbeResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    result.startedAt = m_startedAt.isValid() ? m_startedAt : QDateTime::currentDateTimeUtc();
    result.durationMs = result.startedAt.msecsTo(QDateTime::currentDateTimeUtc());
    emit finished(result);
}
