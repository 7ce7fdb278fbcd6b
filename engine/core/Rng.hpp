#pragma once
// Counter-based random streams (Random123 Philox4x32-10). A stream is named by
// (seed, stream id); its numbers depend on nothing else, so results are the
// same whatever the number of threads or the order work is scheduled in.

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>

namespace dlab {

class RngStream {
public:
    RngStream() = default;
    RngStream(std::uint64_t seed, std::uint64_t streamId)
    {
        m_key = {{std::uint32_t(seed), std::uint32_t(seed >> 32)}};
        m_ctr = {{0, 0, std::uint32_t(streamId), std::uint32_t(streamId >> 32)}};
    }

    // A child stream for sub-task `index`, independent of this one: the id is
    // mixed (SplitMix64) so children of different parents do not collide.
    RngStream child(std::uint64_t index) const
    {
        std::uint64_t id = (std::uint64_t(m_ctr[3]) << 32 | m_ctr[2]) * 0x9E3779B97F4A7C15ull + index + 1;
        id ^= id >> 30;
        id *= 0xBF58476D1CE4E5B9ull;
        id ^= id >> 27;
        id *= 0x94D049BB133111EBull;
        id ^= id >> 31;
        RngStream s;
        s.m_key = m_key;
        s.m_key[1] ^= 0x5bd1e995u; // keep children apart from top-level streams
        s.m_ctr = {{0, 0, std::uint32_t(id), std::uint32_t(id >> 32)}};
        return s;
    }

    // Four fresh 32-bit words; advances the 64-bit block counter.
    std::array<std::uint32_t, 4> nextBlock()
    {
        using P = r123::Philox4x32;
        const P::ctr_type out = P()(m_ctr, m_key);
        if (++m_ctr[0] == 0) ++m_ctr[1];
        return {out[0], out[1], out[2], out[3]};
    }

    std::uint32_t nextU32()
    {
        if (m_used == 4) {
            m_buffer = nextBlock();
            m_used = 0;
        }
        return m_buffer[m_used++];
    }

    std::uint64_t nextU64() { return std::uint64_t(nextU32()) << 32 | nextU32(); }

    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(nextU64() >> 11) * 0x1.0p-53; }

    // Uniform integer in [0, n) (n > 0), unbiased by rejection.
    std::uint32_t below(std::uint32_t n)
    {
        const std::uint32_t limit = std::uint32_t(-n) % n;
        for (;;) {
            const std::uint64_t m = std::uint64_t(nextU32()) * n;
            if (std::uint32_t(m) >= limit) return std::uint32_t(m >> 32);
        }
    }

    // Standard normal by Box–Muller (no std:: distributions: results must match
    // across platforms).
    double normal()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double u1 = 1.0 - uniform(), u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        m_spare = r * std::sin(2.0 * 3.14159265358979323846 * u2);
        m_hasSpare = true;
        return r * std::cos(2.0 * 3.14159265358979323846 * u2);
    }

    // The whole state, so a saved run can resume the same sequence.
    struct State {
        std::array<std::uint32_t, 4> ctr;
        std::array<std::uint32_t, 2> key;
    };
    State state() const { return {{m_ctr[0], m_ctr[1], m_ctr[2], m_ctr[3]}, {m_key[0], m_key[1]}}; }

private:
    r123::Philox4x32::ctr_type m_ctr{{0, 0, 0, 0}};
    r123::Philox4x32::key_type m_key{{0, 0}};
    std::array<std::uint32_t, 4> m_buffer{};
    int m_used = 4;
    bool m_hasSpare = false;
    double m_spare = 0;
};

} // namespace dlab
