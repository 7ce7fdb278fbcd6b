#pragma once
// A chain's long sequence of 32-bit random numbers for sequential algorithms
// (Wolff, Swendsen–Wang), made 1024 at a time by the vectorised Philox: refill
// r evaluates the site-addressed blocks 256r … 256r + 255, so the sequence
// depends only on the chain's (seed, stream) and is the same on every CPU.

#include "engine/mc/PhiloxBatch.hpp"

#include <array>
#include <cstdint>

namespace dlab {

class RandomBuffer {
public:
    RandomBuffer() = default;
    explicit RandomBuffer(const SiteRandomKey& key) : m_key(key) {}

    std::uint32_t next()
    {
        if (m_pos == size) refill();
        return m_numbers[m_pos++];
    }

    // Uniform in [0, n), unbiased (Lemire's multiply-and-reject).
    std::uint32_t below(std::uint32_t n)
    {
        std::uint64_t m = std::uint64_t(next()) * n;
        if (std::uint32_t(m) < n) {
            const std::uint32_t limit = std::uint32_t(-n) % n;
            while (std::uint32_t(m) < limit)
                m = std::uint64_t(next()) * n;
        }
        return std::uint32_t(m >> 32);
    }

private:
    static constexpr int size = 1024;
    void refill()
    {
        // 2²⁴ refills per value of Philox's "sweep" word, then the next value.
        philoxBatches(m_key, std::uint32_t(m_refills) << 8, 16, std::uint32_t(m_refills >> 24), m_numbers.data());
        ++m_refills;
        m_pos = 0;
    }

    SiteRandomKey m_key;
    std::uint64_t m_refills = 0;
    int m_pos = size;
    std::array<std::uint32_t, size> m_numbers{};
};

} // namespace dlab
