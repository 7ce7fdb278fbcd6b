#include "engine/experiments/duality/ChainEnsemble.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/lattice/SquareLattice.hpp"

#include <algorithm>
#include <cmath>
#include <tbb/parallel_for.h>

namespace dlab {

DualityChainEnsemble::DualityChainEnsemble(int L, int chains, std::uint64_t seed, std::uint64_t firstStream,
                                           bool coldStart)
    : m_L(L), m_chains(chains), m_allocated(chains), m_spins(std::size_t(L) * L * chains, 1), m_nb(std::size_t(L) * L)
{
    const SquareLattice lat(L);
    requireInRange("chains", chains, 1, 1 << 20);
    for (int i = 0; i < lat.sites(); ++i) {
        const int x = lat.x(i), y = lat.y(i);
        m_nb[i] = {lat.site(x + 1, y),     lat.site(x - 1, y),     lat.site(x, y + 1),     lat.site(x, y - 1),
                   lat.site(x + 1, y + 1), lat.site(x - 1, y + 1), lat.site(x - 1, y - 1), lat.site(x + 1, y - 1)};
    }
    m_rng.reserve(chains);
    for (int c = 0; c < chains; ++c) {
        m_rng.emplace_back(seed, firstStream + std::uint64_t(c));
        if (!coldStart) {
            std::int8_t* s = spins(c);
            for (int i = 0; i < sites(); ++i)
                s[i] = (m_rng[c].nextU32() & 1u) ? 1 : -1;
        }
    }
    setCouplings(m_t);
}

void DualityChainEnsemble::setActiveChains(int active)
{
    requireInRange("active chains", active, 1, m_allocated);
    for (int c = m_chains; c < active; ++c) {
        const std::int8_t* from = spins(c % m_chains);
        std::copy(from, from + sites(), spins(c));
    }
    m_chains = active;
}

void DualityChainEnsemble::setCouplings(const IsingCouplings& t, DualityUpdate update)
{
    if (update == DualityUpdate::Auto) update = DualityUpdate::Metropolis;
    t.validate();
    if (update == DualityUpdate::SwendsenWang && !t.nearestNeighbourOnly())
        throw ParameterError("update", "Swendsen–Wang cluster updates need t1 = t2 = 0; use Metropolis");
    m_t = t;
    m_update = update;
    for (int a = 0; a < 5; ++a)
        for (int b = 0; b < 5; ++b)
            for (int c = 0; c < 5; ++c) {
                // Flipping s changes the log-weight by −2 s (t0 n0 + t1 n1 + t2 n2).
                const double dlw = -2.0 * (t.t0 * (2 * a - 4) + t.t1 * (2 * b - 4) + t.t2 * (2 * c - 4));
                m_accept[(a * 5 + b) * 5 + c] =
                    dlw >= 0 ? (std::uint64_t(1) << 32) : std::uint64_t(std::ldexp(std::exp(dlw), 32));
            }
    m_bondProbability = t.t0 > 0 ? 1.0 - std::exp(-2.0 * t.t0) : 1.0 - std::exp(2.0 * t.t0);
}

namespace {
// Uniform random numbers 16 bits at a time: a Metropolis test compares the
// top 16 bits of a 32-bit uniform u with the threshold and only draws the low
// 16 bits on a tie (probability 2⁻¹⁶), so the test is exactly u < threshold
// while using half the random bits on average.
class HalfWords {
public:
    explicit HalfWords(RngStream& rng) : m_rng(rng) {}
    std::uint32_t next()
    {
        if (m_left == 0) {
            m_word = m_rng.nextU32();
            m_left = 2;
        }
        --m_left;
        const std::uint32_t v = m_word & 0xFFFFu;
        m_word >>= 16;
        return v;
    }
    // u < threshold for a 32-bit uniform u and threshold in [0, 2^32].
    bool below(std::uint64_t threshold)
    {
        const std::uint64_t hi = next(), thrHi = threshold >> 16;
        if (hi != thrHi) return hi < thrHi;
        return next() < (threshold & 0xFFFFu);
    }

private:
    RngStream& m_rng;
    std::uint32_t m_word = 0;
    int m_left = 0;
};
} // namespace

void DualityChainEnsemble::metropolisSweep(int chain)
{
    std::int8_t* s = spins(chain);
    HalfWords rng(m_rng[chain]);
    const int n = sites();
    if (m_t.t1 == 0.0 && m_t.t2 == 0.0) {
        // Checkerboard order (all sites with x + y even, then odd): within a
        // half sweep no update reads a spin changed by the one before, so the
        // loop is not one long store-to-load dependency chain. (For odd L the
        // colouring wraps imperfectly; the sequential updates stay exact.)
        const int L = m_L;
        const std::uint64_t* accept = m_accept.data() + 12; // row (s·n0 + 4)/2 · 25 + 12
        for (int parity = 0; parity < 2; ++parity)
            for (int y = 0; y < L; ++y) {
                std::int8_t* row = s + y * L;
                const std::int8_t* up = s + (y + 1 == L ? 0 : y + 1) * L;
                const std::int8_t* down = s + (y == 0 ? L - 1 : y - 1) * L;
                for (int x = (y + parity) & 1; x < L; x += 2) {
                    const int xr = x + 1 == L ? 0 : x + 1, xl = x == 0 ? L - 1 : x - 1;
                    const int sn = row[x] * (row[xr] + row[xl] + up[x] + down[x]);
                    const int flip = rng.below(accept[((sn + 4) >> 1) * 25]);
                    row[x] = std::int8_t(row[x] * (1 - 2 * flip));
                }
            }
        return;
    }
    for (int i = 0; i < n; ++i) {
        const auto& nb = m_nb[i];
        const int r = s[nb[0]], l = s[nb[1]], u = s[nb[2]], d = s[nb[3]];
        const int ru = s[nb[4]], lu = s[nb[5]], ld = s[nb[6]], rd = s[nb[7]];
        const int si = s[i];
        const int n0 = si * (r + l + u + d);
        const int n1 = si * (r * ru * u + u * lu * l + l * ld * d + d * rd * r);
        const int n2 = si * (ru + lu + ld + rd);
        if (rng.below(m_accept[(((n0 + 4) >> 1) * 5 + ((n1 + 4) >> 1)) * 5 + ((n2 + 4) >> 1)])) s[i] = std::int8_t(-si);
    }
}

void DualityChainEnsemble::swendsenWangSweep(int chain, std::vector<int>& parent)
{
    // Swendsen–Wang: bonds between satisfied neighbours (aligned for t0 > 0,
    // anti-aligned for t0 < 0) are activated with p = 1 − e^{−2|t0|}; every
    // cluster then flips with probability ½. One update per sweep — a fixed
    // amount of work, so the state after a sweep is not biased by a
    // state-dependent stopping rule (as "Wolff clusters until N spins
    // flipped" would be).
    std::int8_t* s = spins(chain);
    RngStream& rng = m_rng[chain];
    const int n = sites();
    const int bondSign = m_t.t0 >= 0 ? 1 : -1;
    parent.resize(std::size_t(2) * n);
    int* root = parent.data();
    int* flip = parent.data() + n;
    for (int i = 0; i < n; ++i)
        root[i] = i;
    auto find = [&](int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    };
    const std::uint64_t add = std::uint64_t(std::ldexp(m_bondProbability, 32));
    for (int i = 0; i < n; ++i)
        for (int k : {0, 2}) { // +x and +y bonds
            const int j = m_nb[i][k];
            if (s[i] * s[j] == bondSign && rng.nextU32() < add) {
                const int a = find(i), b = find(j);
                if (a != b) root[a] = b;
            }
        }
    for (int i = 0; i < n; ++i)
        flip[i] = -1;
    for (int i = 0; i < n; ++i) {
        const int r = find(i);
        if (flip[r] < 0) flip[r] = int(rng.nextU32() & 1u);
        if (flip[r]) s[i] = std::int8_t(-s[i]);
    }
}

void DualityChainEnsemble::sweeps(int n)
{
    tbb::parallel_for(tbb::blocked_range<int>(0, m_chains, 16), [&](const tbb::blocked_range<int>& r) {
        std::vector<int> stack;
        for (int c = r.begin(); c != r.end(); ++c)
            for (int k = 0; k < n; ++k)
                if (m_update == DualityUpdate::SwendsenWang)
                    swendsenWangSweep(c, stack);
                else
                    metropolisSweep(c);
    });
}

} // namespace dlab
