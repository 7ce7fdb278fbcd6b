#pragma once
// Metropolis thresholds for all three couplings, laid out for byte-wise
// vector lookups: index (a+4)/2·25 + (b+4)/2·5 + (c+4)/2 for a = s·Σnn,
// b = s·Σplaquette triples, c = s·Σdiagonal, each in {−4, −2, 0, 2, 4}.

#include "engine/mc/SiteRandom.hpp"
#include "engine/models/IsingCouplings.hpp"

#include <array>
#include <cstdint>

namespace dlab {

struct GeneralAcceptTable {
    alignas(64) std::array<std::uint8_t, 128> high8{};
    alignas(64) std::array<std::uint8_t, 128> always{}; // 0xFF: accept without a number
    std::array<std::uint32_t, 128> low24{};
    // Partial indices by e + 4 (byte-shuffle tables; odd entries unused).
    alignas(16) std::array<std::uint8_t, 16> by25{}, by5{}, by1{};

    explicit GeneralAcceptTable(const IsingCouplings& t)
    {
        for (int a = -4; a <= 4; a += 2)
            for (int b = -4; b <= 4; b += 2)
                for (int c = -4; c <= 4; c += 2) {
                    const int idx = (a + 4) / 2 * 25 + (b + 4) / 2 * 5 + (c + 4) / 2;
                    const auto th = AcceptThreshold::fromLogRatio(-2.0 * (t.t0 * a + t.t1 * b + t.t2 * c));
                    high8[idx] = th.high8;
                    always[idx] = th.always ? 0xFF : 0x00;
                    low24[idx] = th.low24;
                }
        for (int e = 0; e <= 8; e += 2) {
            by25[e] = std::uint8_t(e / 2 * 25);
            by5[e] = std::uint8_t(e / 2 * 5);
            by1[e] = std::uint8_t(e / 2);
        }
    }

    static int index(int a, int b, int c) { return (a + 4) / 2 * 25 + (b + 4) / 2 * 5 + (c + 4) / 2; }
};

} // namespace dlab
