#pragma once
// Parallel Metropolis sweeps on sublattices whose sites do not interact, so
// each sublattice is updated at once, row by row, on as many threads as TBB
// gives. Random numbers are addressed by (chain stream, sweep, site), which
// makes a chain identical for any number of threads (and on any CPU: the
// AVX-512 and AVX2 paths have scalar twins taking the same decisions).

#include "engine/mc/CheckerboardSpins.hpp"
#include "engine/mc/SiteRandom.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <cstdint>

namespace dlab {

// Keys of the site-addressed numbers one chain uses.
struct CheckerboardRandom {
    SiteRandomKey bytes, refine, generic;
    static CheckerboardRandom from(const RngStream& rng)
    {
        return {SiteRandomKey::from(rng, SiteRandomPurpose::CheckerboardBytes),
                SiteRandomKey::from(rng, SiteRandomPurpose::CheckerboardRefine),
                SiteRandomKey::from(rng, SiteRandomPurpose::GenericMetropolis)};
    }
};

// Nearest-neighbour couplings only (t1 = t2 = 0), two colours. One byte of
// randomness per site decides almost every flip; a tie with the top 8 bits
// of the acceptance threshold (probability 2⁻⁸) consults 24 more bits, so the
// acceptance is exact to 2⁻³². Returns nothing: counting accepts costs speed.
void metropolisSweepCheckerboard(CheckerboardSpins& s, double t0, const CheckerboardRandom& rnd, std::uint32_t sweep);

// Any couplings (t0, t1, t2), four colours (x mod 2, y mod 2): plaquette and
// diagonal neighbours of a site never share its colour. In the packed layout a
// four-colour class is every other row of one checkerboard plane. One byte of
// randomness per site plus the tie refinement, as above; a table of 125
// thresholds indexed by (s·Σnn, s·Σplaquette triples, s·Σdiagonal). The vector
// path needs AVX-512 VBMI (128-byte table lookups); elsewhere a scalar twin.
void metropolisSweepFourColour(CheckerboardSpins& s, const IsingCouplings& t, const CheckerboardRandom& rnd,
                               std::uint32_t sweep);

} // namespace dlab
