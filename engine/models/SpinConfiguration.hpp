#pragma once
// One Ising configuration on an L×L torus: int8 spins ±1, site i = x + L·y.

#include "engine/lattice/SquareLattice.hpp"
#include "engine/models/IsingCouplings.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dlab {

class RngStream;

class SpinConfiguration {
public:
    explicit SpinConfiguration(int L, std::int8_t value = 1) : m_lattice(L), m_spins(std::size_t(L) * L, value) {}

    static SpinConfiguration random(int L, RngStream& rng);

    const SquareLattice& lattice() const { return m_lattice; }
    int size() const { return m_lattice.size(); }
    int sites() const { return m_lattice.sites(); }
    std::int8_t operator[](int site) const { return m_spins[site]; }
    std::int8_t& operator[](int site) { return m_spins[site]; }
    std::int8_t at(int x, int y) const { return m_spins[m_lattice.site(x, y)]; }
    const std::int8_t* data() const { return m_spins.data(); }
    std::int8_t* data() { return m_spins.data(); }
    const std::vector<std::int8_t>& spins() const { return m_spins; }

    // σ_l = s_i s_j for link l.
    int link(int l) const
    {
        const auto [a, b] = m_lattice.linkSites(l);
        return m_spins[a] * m_spins[b];
    }

    double magnetization() const; // Σ s / N

private:
    SquareLattice m_lattice;
    std::vector<std::int8_t> m_spins;
};

// Φ_0 = Σ_links s s, Φ_1 = Σ_plaquettes s s s s, Φ_2 = Σ_diagonals s s.
CouplingSums couplingSums(const SpinConfiguration& s);

// H_t(s) = −Σ_k t_k Φ_k(s).
double energy(const SpinConfiguration& s, const IsingCouplings& t);

// Change of −H_t (the log-weight) when spin `site` flips: Δ ln w = −2 s_i h_i,
// with h_i the local field of all three couplings.
double logWeightChangeOnFlip(const SpinConfiguration& s, const IsingCouplings& t, int site);

} // namespace dlab
