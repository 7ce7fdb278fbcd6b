#include "SpinChain.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <bit>
#include <limits>

namespace dlab::dualframes {

SpinChain::SpinChain(int spins, int interaction) : m_spins(spins), m_interaction(interaction)
{
    requireInRange("N", spins, kMinSpins, kMaxSpins);
    requireInRange("n", interaction, kMinInteraction, std::min(kMaxInteraction, spins));
    m_mask = std::uint32_t((std::uint64_t(1) << spins) - 1);
    for (int i = 0; i < spins; ++i) {
        const int first = std::max(0, i - interaction + 1);
        m_windows.push_back(std::uint32_t(((std::uint64_t(1) << (i + 1)) - 1) & ~((std::uint64_t(1) << first) - 1)));
    }
}

std::uint32_t SpinChain::dual(std::uint32_t s) const
{
    std::uint32_t sigma = 0;
    for (int l = 0; l < m_interaction; ++l)
        sigma ^= s >> l;
    return sigma & m_mask;
}

std::uint32_t SpinChain::fromDual(std::uint32_t sigma) const
{
    // s_k = σ_k · s_{k+1} ⋯ s_{k+n−1}, solved from the ghost end leftwards.
    std::uint32_t s = 0;
    for (int k = m_spins - 1; k >= 0; --k) {
        std::uint32_t bit = (sigma >> k) & 1u;
        for (int l = 1; l < m_interaction && k + l < m_spins; ++l)
            bit ^= (s >> (k + l)) & 1u;
        s |= bit << k;
    }
    return s;
}

int SpinChain::energy(std::uint32_t s) const { return 2 * std::popcount(dual(s)) - m_spins; }

int SpinChain::flipEnergyChange(std::uint32_t sigma, int i) const
{
    const std::uint32_t w = m_windows[std::size_t(i)];
    // Σ_{k∈W} σ_k = |W| − 2·(number of σ_k = −1 in W).
    return 2 * (std::popcount(w) - 2 * std::popcount(sigma & w));
}

bool SpinChain::metastable(std::uint32_t s, Metastability kind) const
{
    const std::uint32_t sigma = dual(s);
    for (int i = 0; i < m_spins; ++i) {
        const int dH = flipEnergyChange(sigma, i);
        if (dH < 0 || (kind == Metastability::Strict && dH == 0)) return false;
    }
    return true;
}

ChainCensus enumerateChain(const SpinChain& chain)
{
    ChainCensus c;
    const std::uint32_t n = chain.states();
    c.energy.resize(n);
    c.strict.resize(n);
    c.nonStrict.resize(n);
    c.minEnergy = std::numeric_limits<int>::max();
    c.maxEnergy = std::numeric_limits<int>::min();
    for (std::uint32_t s = 0; s < n; ++s) {
        const std::uint32_t sigma = chain.dual(s);
        int worst = std::numeric_limits<int>::max(); // smallest ΔH of a single flip
        for (int i = 0; i < chain.spins(); ++i)
            worst = std::min(worst, chain.flipEnergyChange(sigma, i));
        const int e = 2 * std::popcount(sigma) - chain.spins();
        c.energy[s] = std::int8_t(e);
        c.strict[s] = worst > 0;
        c.nonStrict[s] = worst >= 0;
        c.strictCount += c.strict[s];
        c.nonStrictCount += c.nonStrict[s];
        c.minEnergy = std::min(c.minEnergy, e);
        c.maxEnergy = std::max(c.maxEnergy, e);
    }
    return c;
}

void spinsOfWord(std::uint32_t word, int bits, double* out)
{
    for (int i = 0; i < bits; ++i)
        out[i] = (word >> i) & 1u ? -1.0 : 1.0;
}

} // namespace dlab::dualframes
