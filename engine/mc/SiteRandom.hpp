#pragma once
// Random numbers addressed by (chain stream, purpose, sweep, site block) instead of
// drawn in sequence: Philox4x32-10 evaluated on a counter that names the sweep and
// the block of sites. Every site gets the same numbers whichever thread updates it
// and in whatever order, so parallel kernels give identical chains for any thread
// count. The key is the chain's seed with a purpose tag mixed in, which keeps these
// numbers apart from the chain's sequential RngStream (same seed, other key).

#include "engine/core/Rng.hpp"

#include <Random123/philox.h>

#include <array>
#include <cstdint>

namespace dlab {

// What a family of site-addressed numbers is for; each gets its own Philox key.
enum class SiteRandomPurpose : std::uint32_t {
    CheckerboardBytes = 1,  // 8-bit first-level acceptance, one byte per site
    CheckerboardRefine = 2, // extra bits when the first 8 bits tie with the threshold
    GenericMetropolis = 3,  // bytes per site: four-colour kernel
    MultiSpinRowSeeds = 4,  // multi-spin coding: xoshiro256++ lanes of a row (MultiSpinRow.hpp)
    RetiredMultiSpin = 5,   // was: extra bit planes of the Philox-only multi-spin kernel
    ClusterNumbers = 6,     // the sequence Wolff and Swendsen–Wang draw from
    ReplicaBytes = 7,       // ReplicaMetropolis: a byte per spin
    ReplicaRefine = 8,      // ReplicaMetropolis: tie refinement
    FieldNoise = 9,         // engine/fields: momenta, Langevin noise, accept tests
};

struct SiteRandomKey {
    std::uint32_t key0 = 0, key1 = 0;       // Philox key: seed ⊕ purpose tag
    std::uint32_t stream0 = 0, stream1 = 0; // the chain's 64-bit stream id

    static SiteRandomKey from(const RngStream& rng, SiteRandomPurpose purpose)
    {
        const auto st = rng.state();
        SiteRandomKey k;
        // Odd multiples of a golden-ratio constant: tags far from 0 and from the
        // constant RngStream::child() uses.
        k.key0 = st.key[0];
        k.key1 = st.key[1] ^ (0x9E3779B9u * (2u * std::uint32_t(purpose) + 1u));
        k.stream0 = st.ctr[2];
        k.stream1 = st.ctr[3];
        return k;
    }

    // The four 32-bit words of block `block` in sweep `sweep`.
    std::array<std::uint32_t, 4> block(std::uint32_t block, std::uint32_t sweep) const
    {
        using P = r123::Philox4x32;
        const P::ctr_type c{{block, sweep, stream0, stream1}};
        const P::key_type k{{key0, key1}};
        const P::ctr_type out = P()(c, k);
        return {out[0], out[1], out[2], out[3]};
    }
};

// Threshold form of a Metropolis acceptance probability p ∈ [0, 1]: accept iff
// U < P with U a uniform 32-bit integer and P = round(p·2³²) ∈ [0, 2³²]; exact
// up to 2⁻³² in p. Split into the top 8 bits (compared first, per byte) and
// the low 24 bits (only consulted when the top bits tie).
struct AcceptThreshold {
    std::uint64_t P = 0;
    bool always = false;     // p = 1: no random number needed
    std::uint8_t high8 = 0;  // P >> 24 (when !always, P < 2³² so this fits)
    std::uint32_t low24 = 0; // P & 0xFFFFFF

    static AcceptThreshold fromLogRatio(double logRatio);
};

} // namespace dlab
