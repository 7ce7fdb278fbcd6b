#include "engine/mc/Metropolis.hpp"

#include "engine/core/Rng.hpp"

#include <cmath>

namespace dlab {

long long metropolisSweepSequential(SpinConfiguration& s, const IsingCouplings& t, RngStream& rng)
{
    long long accepted = 0;
    for (int i = 0; i < s.sites(); ++i) {
        const double dlw = logWeightChangeOnFlip(s, t, i);
        if (dlw >= 0 || rng.uniform() < std::exp(dlw)) {
            s[i] = std::int8_t(-s[i]);
            ++accepted;
        }
    }
    return accepted;
}

} // namespace dlab
