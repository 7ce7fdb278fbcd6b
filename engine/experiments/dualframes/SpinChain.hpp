#pragma once
// The open chain of N spins with an n-spin interaction (docs/experiments/dualframes.md):
//
//   H(s) = −J Σ_{k=1}^{N} σ_k,   σ_k = s_k s_{k+1} ⋯ s_{k+n−1},
//
// with n − 1 ghost spins s_{N+1} … s_{N+n−1} fixed to +1 at the right end.
// The ghosts make s ↦ σ a bijection of the 2^N states (σ_N = s_N,
// σ_{N−1} = s_{N−1} s_N, … can be solved from the right), and in the dual
// variables σ the chain is free: H = −J Σ σ_k.
//
// A state is an N-bit word: bit i set ⇔ s_{i+1} = −1 (likewise for σ), so
// σ = s ⊕ (s ≫ 1) ⊕ … ⊕ (s ≫ n−1) — the ghosts are the zeros shifted in.
//
// Flipping s_i flips the window of σ_k with k ∈ [i − n + 1, i] (cut at 1):
// ΔH = 2J Σ_{k ∈ W(i)} σ_k. A state is metastable if no single flip lowers H
// (every ΔH ≥ 0, "non-strict") and strictly metastable if every flip raises
// it (every ΔH > 0). In σ both are local conditions; in s each σ_k is a
// product of n spins.

#include <cstdint>
#include <vector>

namespace dlab::dualframes {

enum class Metastability { Strict, NonStrict };

class SpinChain {
public:
    static constexpr int kMinSpins = 2, kMaxSpins = 24;
    static constexpr int kMinInteraction = 1, kMaxInteraction = 16;

    SpinChain(int spins, int interaction); // throws ParameterError naming "N" or "n"

    int spins() const { return m_spins; }
    int interaction() const { return m_interaction; }
    std::uint32_t states() const { return std::uint32_t(1) << m_spins; }

    std::uint32_t dual(std::uint32_t s) const;
    std::uint32_t fromDual(std::uint32_t sigma) const;
    // H/J.
    int energy(std::uint32_t s) const;
    // The σ flipped by flipping spin i (0-based): bits max(0, i − n + 1) … i.
    std::uint32_t window(int i) const { return m_windows[std::size_t(i)]; }
    // ΔH/J when spin i flips, from the dual state.
    int flipEnergyChange(std::uint32_t sigma, int i) const;
    bool metastable(std::uint32_t s, Metastability kind) const;

private:
    int m_spins, m_interaction;
    std::uint32_t m_mask;
    std::vector<std::uint32_t> m_windows;
};

// Every state of a chain, enumerated once.
struct ChainCensus {
    std::vector<std::int8_t> energy; // H/J of state s
    std::vector<std::uint8_t> strict, nonStrict;
    long long strictCount = 0, nonStrictCount = 0;
    int minEnergy = 0, maxEnergy = 0;
};
ChainCensus enumerateChain(const SpinChain& chain);

// ±1 values of the bits of `word`: bit set ↦ −1 (the spin convention above).
void spinsOfWord(std::uint32_t word, int bits, double* out);

} // namespace dlab::dualframes
