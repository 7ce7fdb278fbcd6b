#include "engine/mc/MultiSpinRow.hpp"

#include "engine/mc/SiteRandom.hpp"

#include <algorithm>

namespace dlab::multispin {

void RowLanes::seed(const std::uint32_t* philoxWords)
{
    for (int k = 0; k < 4; ++k)
        for (int l = 0; l < kLanes; ++l) {
            const int i = 2 * (kLanes * k + l);
            s[k][l] = std::uint64_t(philoxWords[i]) | std::uint64_t(philoxWords[i + 1]) << 32;
        }
    // xoshiro's one fixed point; never met in practice (2⁻²⁵⁶), but then a lane would emit zeros for ever.
    for (int l = 0; l < kLanes; ++l)
        if ((s[0][l] | s[1][l] | s[2][l] | s[3][l]) == 0) s[0][l] = 1;
}

Thresholds::Thresholds(double t0)
{
    int slots = 0;
    for (int v = 0; v <= 4; ++v) {
        const auto a = AcceptThreshold::fromLogRatio(-2.0 * t0 * (4 - 2 * v));
        always[v] = a.always;
        if (!a.always) {
            slot[v] = slots;
            P[slots] = std::uint32_t(a.P);
            ++slots;
        }
    }
    // ΔE is linear in v: at most two classes have ΔE > 0.
    if (slots == 0)
        pattern = Pattern::None;
    else if (slots == 2 && slot[0] == 0 && slot[1] == 1)
        pattern = Pattern::Ferro;
    else if (slots == 2 && slot[3] == 0 && slot[4] == 1)
        pattern = Pattern::Antiferro;
    for (int p = 0; p < kMaxPlanes; ++p) {
        digit0[p] = slots > 0 && ((P[0] >> (31 - p)) & 1u) ? ~0ull : 0ull;
        digit1[p] = slots > 1 && ((P[1] >> (31 - p)) & 1u) ? ~0ull : 0ull;
        digitX[p] = digit0[p] ^ digit1[p];
    }
}

// The reference for the vector kernels: group by group, lane by lane.
void updateRowScalar(const Row& row, RowLanes& lanes)
{
    const Thresholds& th = *row.th;
    for (int k0 = 0, g = 0; k0 < row.n; k0 += kGroupWords, ++g) {
        const int words = std::min(kGroupWords, row.n - k0), lane0 = kGroupWords * (g % 2);
        std::uint64_t flip[kGroupWords] = {}, in0[kGroupWords] = {}, open[kGroupWords] = {};
        for (int i = 0; i < words; ++i) {
            const int k = k0 + i;
            const auto c =
                classify<std::uint64_t>(row.own[k], row.up[k], row.down[k], row.mid[k], row.mid[k + row.shift], th);
            flip[i] = c.flip;
            in0[i] = c.in0;
            open[i] = c.open;
        }
        const bool drawing = th.pattern != Thresholds::Pattern::None;
        for (int p = 0; drawing && p < kMaxPlanes; ++p) {
            if (p >= kMinPlanes && (open[0] | open[1] | open[2] | open[3]) == 0) break;
            for (int i = 0; i < kGroupWords; ++i) {
                const std::uint64_t r = lanes.next(lane0 + i);
                const std::uint64_t digit = (in0[i] & th.digit0[p]) | (~in0[i] & th.digit1[p]);
                flip[i] |= open[i] & digit & ~r; // U has 0 where P has 1: U < P
                open[i] &= ~(digit ^ r);         // still tied
            }
        }
        for (int i = 0; i < words; ++i)
            row.own[k0 + i] ^= flip[i];
    }
}

} // namespace dlab::multispin
