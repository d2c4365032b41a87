// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeContext.h"
#include "probes/ProbeFactory.h"

class QNetworkAccessManager;

/** The probe kinds this build runs, made for one environment and deployment. */
class StandardProbeFactory final : public ProbeFactory
{
public:
    StandardProbeFactory(QNetworkAccessManager *nam, ProbeContext context);

    std::unique_ptr<Probe> create(const ProbeRequest &request, QString *errorMessage) override;
    QSet<QString> runnableKinds() const override;
    /** The kinds with a runner, without needing an instance (for status display). */
    static QSet<QString> kinds();

    void setContext(const ProbeContext &context) { m_context = context; }
    const ProbeContext &context() const { return m_context; }

private:
    QNetworkAccessManager *m_nam;
    ProbeContext m_context;
};
