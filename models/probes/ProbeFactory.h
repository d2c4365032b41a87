// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/ProbeRequest.h"

#include <QSet>
#include <QString>

#include <memory>

class Probe;

/** Makes the probe object for a request; knows which kinds this build can run. */
class ProbeFactory
{
public:
    virtual ~ProbeFactory() = default;
    /** A new probe, or nullptr (with errorMessage) when the kind has no runner or the spec is unusable. */
    virtual std::unique_ptr<Probe> create(const ProbeRequest &request, QString *errorMessage) = 0;
    virtual QSet<QString> runnableKinds() const = 0;
};
