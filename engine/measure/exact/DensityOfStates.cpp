#include "engine/measure/exact/DensityOfStates.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace dlab::exact {

DensityOfStates enumerateDensityOfStates(int L)
{
    requireInRange("L", L, 2, 5);
    const int n = L * L;
    DensityOfStates dos;
    dos.L = L;
    dos.counts.assign(std::size_t(n) + 1, 0.0);
    // Gray-code walk: one spin flips per step, E changes by 2 s_i Σ_nn s_j.
    std::vector<int> s(std::size_t(n), 1);
    auto neighbours = [L](int i, int k) {
        const int x = i % L, y = i / L;
        switch (k) {
        case 0:
            return (x + 1) % L + L * y;
        case 1:
            return (x + L - 1) % L + L * y;
        case 2:
            return x + L * ((y + 1) % L);
        default:
            return x + L * ((y + L - 1) % L);
        }
    };
    int energy = -2 * n; // all spins up
    const std::uint64_t states = std::uint64_t(1) << n;
    for (std::uint64_t g = 0;; ++g) {
        dos.counts[std::size_t((energy + 2 * n) / 4)] += 1;
        if (g + 1 == states) break;
        const int i = std::countr_zero(g + 1); // the bit that changes from Gray(g) to Gray(g + 1)
        int field = 0;
        for (int k = 0; k < 4; ++k)
            field += s[std::size_t(neighbours(i, k))];
        energy += 2 * s[std::size_t(i)] * field; // E = −Σ s s: flipping s_i changes it by 2 s_i h_i
        s[std::size_t(i)] = -s[std::size_t(i)];
    }
    return dos;
}

std::vector<double> energyDistribution(const DensityOfStates& dos, double beta)
{
    std::vector<double> logw(dos.counts.size());
    double top = -INFINITY;
    for (std::size_t k = 0; k < logw.size(); ++k) {
        logw[k] = dos.counts[k] > 0 ? std::log(dos.counts[k]) - beta * dos.energy(int(k)) : -INFINITY;
        top = std::max(top, logw[k]);
    }
    std::vector<double> p(logw.size());
    double z = 0;
    for (std::size_t k = 0; k < p.size(); ++k)
        z += p[k] = std::exp(logw[k] - top);
    for (double& v : p)
        v /= z;
    return p;
}

} // namespace dlab::exact
