#include "engine/models/SpinConfiguration.hpp"

#include "engine/core/Rng.hpp"

namespace dlab {

SpinConfiguration SpinConfiguration::random(int L, RngStream& rng)
{
    SpinConfiguration c(L);
    for (int i = 0; i < c.sites(); ++i)
        c[i] = (rng.nextU32() & 1u) ? 1 : -1;
    return c;
}

double SpinConfiguration::magnetization() const
{
    long long m = 0;
    for (auto s : m_spins)
        m += s;
    return double(m) / double(m_spins.size());
}

CouplingSums couplingSums(const SpinConfiguration& s)
{
    const auto& lat = s.lattice();
    const int L = lat.size();
    long long links = 0, plaquettes = 0, diagonals = 0;
    for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
            const int a = s.at(x, y), r = s.at(x + 1, y), u = s.at(x, y + 1), ru = s.at(x + 1, y + 1),
                      rd = s.at(x + 1, y - 1);
            links += a * r + a * u;
            plaquettes += a * r * ru * u;
            diagonals += a * ru + a * rd;
        }
    return {double(links), double(plaquettes), double(diagonals)};
}

double energy(const SpinConfiguration& s, const IsingCouplings& t)
{
    const auto phi = couplingSums(s);
    return -(t.t0 * phi[0] + t.t1 * phi[1] + t.t2 * phi[2]);
}

double logWeightChangeOnFlip(const SpinConfiguration& s, const IsingCouplings& t, int site)
{
    const auto& lat = s.lattice();
    const int x = lat.x(site), y = lat.y(site);
    const int r = s.at(x + 1, y), l = s.at(x - 1, y), u = s.at(x, y + 1), d = s.at(x, y - 1);
    double field = t.t0 * (r + l + u + d);
    if (t.t1 != 0.0) {
        // The four plaquettes touching (x,y), each as the product of its other three corners.
        const int ru = s.at(x + 1, y + 1), lu = s.at(x - 1, y + 1), ld = s.at(x - 1, y - 1), rd = s.at(x + 1, y - 1);
        field += t.t1 * (r * ru * u + u * lu * l + l * ld * d + d * rd * r);
    }
    if (t.t2 != 0.0)
        field += t.t2 * (s.at(x + 1, y + 1) + s.at(x - 1, y + 1) + s.at(x - 1, y - 1) + s.at(x + 1, y - 1));
    return -2.0 * s[site] * field;
}

} // namespace dlab
