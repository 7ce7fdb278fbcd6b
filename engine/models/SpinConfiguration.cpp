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
    // Row pointers instead of at(x, y) (two modulo operations per access):
    // measuring every sweep must not cost more than the sweep itself.
    const int L = s.size();
    long long links = 0, plaquettes = 0, diagonals = 0;
    for (int y = 0; y < L; ++y) {
        const std::int8_t* row = s.data() + std::size_t(y) * L;
        const std::int8_t* up = s.data() + std::size_t(y + 1 == L ? 0 : y + 1) * L;
        const std::int8_t* down = s.data() + std::size_t(y == 0 ? L - 1 : y - 1) * L;
        int rowLinks = 0, rowPlaquettes = 0, rowDiagonals = 0; // |sums| ≤ 2L per row: no overflow
        auto site = [&](int x, int xr) {
            const int a = row[x], r = row[xr], u = up[x], ru = up[xr], rd = down[xr];
            rowLinks += a * r + a * u;
            rowPlaquettes += a * r * ru * u;
            rowDiagonals += a * ru + a * rd;
        };
        for (int x = 0; x + 1 < L; ++x) // no wrap: the compiler can vectorise this loop
            site(x, x + 1);
        site(L - 1, 0);
        links += rowLinks;
        plaquettes += rowPlaquettes;
        diagonals += rowDiagonals;
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
