#pragma once
// A field chain's random numbers: one long sequence of 32-bit words made by
// the vectorised Philox (RandomBuffer, purpose FieldNoise) from the chain's
// (seed, stream), so a chain is the same for any thread count and CPU.
//
// Normal numbers come from the ziggurat method (Marsaglia & Tsang 2000, in
// the form of Doornik 2005): 128 layers of equal area; layer, sign and
// magnitude from disjoint bits of one 64-bit word, so they are independent.
// ≈ 99 % of draws cost one 64-bit word and one multiplication; the rest fall
// back to exact rejection in the wedges or Marsaglia's exact tail beyond R.
// The law is N(0, 1) exactly up to the 53-bit resolution of the magnitude —
// HMC needs the exact law, since its acceptance uses ½p². (Box–Muller costs a
// log, a sqrt and a sin/cos per pair; for the V momenta of each trajectory
// that dominated the run time.)

#include "engine/mc/RandomBuffer.hpp"

#include <cstddef>
#include <cstdint>

namespace dlab::fields {

class FieldRandom {
public:
    FieldRandom() = default;
    explicit FieldRandom(const RngStream& stream) : m_bits(SiteRandomKey::from(stream, SiteRandomPurpose::FieldNoise))
    {}

    std::uint64_t nextU64() { return std::uint64_t(m_bits.next()) << 32 | m_bits.next(); }
    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(nextU64() >> 11) * 0x1.0p-53; }
    std::uint32_t below(std::uint32_t n) { return m_bits.below(n); }
    double normal();
    void fillNormal(double* out, std::size_t n)
    {
        for (std::size_t k = 0; k < n; ++k)
            out[k] = normal();
    }

private:
    double normalTail(bool negative);
    RandomBuffer m_bits;
};

} // namespace dlab::fields
