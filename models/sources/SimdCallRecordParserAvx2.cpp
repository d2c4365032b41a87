// SPDX-License-Identifier: GPL-3.0-or-later
// The call-record parser built for AVX2 CPUs (Haswell and later): this file is compiled with
// -mavx2 -mbmi -mpclmul -mlzcnt (see CMakeLists.txt), which makes simdjson's On-Demand API use
// its "haswell" kernels, several times faster than the portable "fallback" ones. It is only
// called after CallRecordParser::create() checked the CPU, and everything it defines lives in
// namespace callparser_avx2 so that no AVX2 code replaces a portable function at link time.
#define LIFTOFF_CALL_PARSER_NS callparser_avx2
#include "SimdCallRecordParser.cpp"
