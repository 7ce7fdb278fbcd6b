#include "engine/mc/SiteRandom.hpp"

#include <cmath>

namespace dlab {

AcceptThreshold AcceptThreshold::fromLogRatio(double logRatio)
{
    AcceptThreshold a;
    if (logRatio >= 0) {
        a.P = std::uint64_t(1) << 32;
        a.always = true;
        a.high8 = 0xFF;
        return a;
    }
    const double scaled = std::ldexp(std::exp(logRatio), 32);
    a.P = std::uint64_t(std::llround(scaled));
    if (a.P >= (std::uint64_t(1) << 32)) {
        // p rounds to 1: accept always, as the exact threshold would (bias < 2⁻³²).
        a.P = std::uint64_t(1) << 32;
        a.always = true;
        a.high8 = 0xFF;
        return a;
    }
    a.high8 = std::uint8_t(a.P >> 24);
    a.low24 = std::uint32_t(a.P & 0xFFFFFF);
    return a;
}

} // namespace dlab
