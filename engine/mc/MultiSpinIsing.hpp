#pragma once
// Multi-spin coding: 64 independent replicas of the L×L nearest-neighbour
// Ising model (t1 = t2 = 0), one bit each in every 64-bit word, updated by
// checkerboard Metropolis with bit-sliced logic. Each spin gets its own
// uniform random number, compared with the acceptance threshold one binary
// digit ("plane") at a time, as long as any spin of its group of 256 is
// still undecided (exact to 2⁻³²); the bits come from xoshiro256++ lanes
// seeded by Philox per (colour, row, sweep) — MultiSpinRow.hpp has the rules.
// Scalar, AVX2 and AVX-512 kernels (chosen at run time) give identical chains.
// For runs that only need energies, correlators and magnetisations; full
// configurations are available per replica but cost an unpack.
//
// Layout: as CheckerboardSpins, with one word per site-of-all-replicas; bit
// set = spin −1. Rows padded to multiples of 8 words (padding stays 0).

#include "engine/core/Rng.hpp"
#include "engine/mc/SiteRandom.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace dlab {

class MultiSpinIsing {
public:
    static constexpr int replicas = 64;

    // L even, 2 ≤ L ≤ 8192; t0 as in IsingCouplings (|t0| ≤ 20). Hot start
    // drawn from rng; the rng's stream also names the site-addressed numbers.
    MultiSpinIsing(int L, double t0, RngStream rng, bool hotStart = true);

    void setCoupling(double t0);
    double coupling() const { return m_t0; }
    int size() const { return m_L; }

    // Parallel over rows (TBB); identical for any number of threads and any SIMD level.
    void sweep() { sweeps(1); }
    void sweeps(int n);
    long long spinsPerSweep() const { return 64LL * m_L * m_L; }
    std::uint64_t sweepsDone() const { return m_sweepIndex; }

    // Per replica: number of nearest-neighbour links with s_i s_j = −1, and of down spins.
    std::array<long long, 64> antiAlignedLinks() const;
    std::array<long long, 64> downSpins() const;
    // Per replica: E/N = −Σ s_i s_j / N and m = Σ s / N.
    std::array<double, 64> energyPerSite() const;
    std::array<double, 64> magnetization() const;

    SpinConfiguration replica(int r) const;
    void setReplica(int r, const SpinConfiguration& s);

    // The row kernel sweeps use on this CPU: "avx512", "avx2" or "scalar".
    static const char* kernelName();

private:
    std::uint64_t* row(int colour, int y) { return m_words.data() + (std::size_t(colour) * m_L + y) * m_stride; }
    const std::uint64_t* row(int colour, int y) const
    {
        return m_words.data() + (std::size_t(colour) * m_L + y) * m_stride;
    }
    void sweepColour(int colour, std::uint32_t sweep);

    int m_L, m_half, m_stride;
    double m_t0 = 0;
    SiteRandomKey m_seedKey;
    std::vector<std::uint64_t> m_words;
    std::uint64_t m_sweepIndex = 0;
};

} // namespace dlab
