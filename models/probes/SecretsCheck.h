// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/BackgroundProbe.h"
#include "probes/ProbeContext.h"
#include "probes/ProbeRequest.h"
#include "scan/SecretScanResult.h"

/**
 * The secrets probe (api.keys-in-env): SecretScanner over the working tree and every reachable
 * commit, plus the values of liftoff.yaml (which must hold only env:/keychain: references). Any
 * finding fails, listed with file, line, commit, rule and the redacted key. Check params: `exclude`
 * (path globs accepted as fixtures), `paths` (only findings under these globs count), `history`
 * (false: working tree only). evaluate() is pure; run() scans (blocking, on a worker).
 */
class SecretsCheck
{
public:
    static constexpr int MAX_LISTED_FINDINGS = 50;

    static ProbeResult evaluate(const SecretScanResult &scan, const QList<SecretFinding> &configFindings);
    static ProbeResult run(const ProbeContext &context, const ProbeRequest &request, BackgroundProbe::Shared &shared);
};
