// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sources/LlmCall.h"

/**
 * Receives the calls a call-log reader produces, one at a time.
 *
 * A reader running on several threads uses one sink per thread, so an implementation needs no
 * locking; the caller merges the sinks afterwards.
 */
class CallSink
{
public:
    virtual ~CallSink() = default;
    /** Called once per call; text in @p call is valid only during this call (see LlmCall). */
    virtual void addCall(const LlmCall &call) = 0;
};
