// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/CallRecordParser.h"

#include "sources/SimdCallRecordParser.h"

#include <QtGlobal>

#include <cstring>

#ifdef LIFTOFF_HAVE_AVX2_CALL_PARSER
namespace callparser_avx2 {
std::unique_ptr<CallRecordParser> createParser(CallLogFormat format, const JsonlFieldMapping &mapping,
                                               const PriceTable *prices);
}
#endif

static_assert(CallRecordParser::PADDING == simdjson::SIMDJSON_PADDING);

std::unique_ptr<CallRecordParser> CallRecordParser::create(CallLogFormat format, const JsonlFieldMapping &mapping,
                                                           const PriceTable *prices)
{
#ifdef LIFTOFF_HAVE_AVX2_CALL_PARSER
    // simdjson's own CPU detection (the compiled library): "haswell" and "icelake" have AVX2.
    static const bool avx2 = [] {
        const char *name = simdjson::get_active_implementation()->name().c_str();
        return std::strcmp(name, "haswell") == 0 || std::strcmp(name, "icelake") == 0;
    }();
    // LIFTOFF_CALL_PARSER=generic forces the portable build (tests compare the two).
    if (avx2 && qEnvironmentVariable("LIFTOFF_CALL_PARSER") != u"generic")
        return callparser_avx2::createParser(format, mapping, prices);
#endif
    return callparser_generic::createParser(format, mapping, prices);
}
