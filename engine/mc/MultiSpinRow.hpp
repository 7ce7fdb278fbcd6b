#pragma once
// One row of one colour of a MultiSpinIsing sweep: the Metropolis decision for
// 64 replicas × n sites, bit-sliced. Three kernels (scalar, AVX2, AVX-512)
// take exactly the same decisions from exactly the same random bits; the
// rules below are what makes them agree.
//
// Random bits. A row owns eight xoshiro256++ lanes, seeded afresh for every
// (colour, row, sweep) from Philox (SiteRandomPurpose::MultiSpinRowSeeds), so
// a row's numbers never depend on which thread updates it or when. Words are
// taken in groups of four (256 spins); group g draws from lanes
// 4·(g mod 2) … 4·(g mod 2) + 3, word i of the group from lane 4·(g mod 2) + i.
//
// Decisions. A spin with v anti-aligned neighbours flips with probability
// min(1, e^{−2 t0 (4 − 2v)}); at most two classes v need a random number, and
// each spin compares its own 32-bit uniform U with the class threshold P
// (AcceptThreshold: exact to 2⁻³²) digit by digit, most significant first:
// plane p supplies bit 31 − p of every spin's U (one 64-bit lane output per
// word). Unless no class needs a random number (t0 = 0: then nothing is
// drawn), every group draws kMinPlanes planes and then more while any of its
// spins is still tied with its threshold, up to 32. The comparison costs a few
// logical operations per plane for 256 spins. Spins tied in all 32 digits have
// U = P: not below, no flip.

#include <array>
#include <cstdint>

namespace dlab::multispin {

constexpr int kGroupWords = 4;
constexpr int kLanes = 8;
constexpr int kMaxPlanes = 32;
// Planes every group draws before it may stop. A group of ~200 undecided
// spins needs ≈ 9 on average; after 12 only ~5 % of groups go on, so the
// loop's exit is rarely mispredicted, and planes that do not depend on the
// data let the random streams run ahead of the neighbour logic
// (measured: 7 flips/ns with a data-dependent exit, 20 with this).
constexpr int kMinPlanes = 12;

// xoshiro256++ (Blackman & Vigna), eight lanes; s[k][lane].
struct RowLanes {
    std::uint64_t s[4][kLanes];

    // Seeds from 64 Philox words (a batch of PhiloxBatch's layout, read in order).
    void seed(const std::uint32_t* philoxWords);

    std::uint64_t next(int lane)
    {
        auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
        std::uint64_t &s0 = s[0][lane], &s1 = s[1][lane], &s2 = s[2][lane], &s3 = s[3][lane];
        const std::uint64_t r = rotl(s0 + s3, 23) + s0;
        const std::uint64_t t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 45);
        return r;
    }
};

// Which anti-aligned-neighbour classes v = 0…4 always flip, which need a
// random number (slot 0 or 1), and the thresholds' binary digits per plane as
// all-ones/zero words, so vector code broadcasts them from memory.
struct Thresholds {
    explicit Thresholds(double t0);

    // The usual patterns, decided without a loop over classes: t0 > 0 with
    // v = 0, 1 random (slot 0: v = 0), t0 < 0 with v = 3, 4 (slot 0: v = 3),
    // no random class (t0 = 0), anything else (|t0| so small that a class rounds to p = 1).
    enum class Pattern { Ferro, Antiferro, None, Other } pattern = Pattern::Other;
    bool always[5] = {};
    int slot[5] = {-1, -1, -1, -1, -1};
    std::uint32_t P[2] = {0, 0};
    std::uint64_t digit0[kMaxPlanes] = {}; // slot 0
    std::uint64_t digit1[kMaxPlanes] = {}; // slot 1 (zero if unused)
    std::uint64_t digitX[kMaxPlanes] = {}; // digit0 ^ digit1: digit = digit1 ^ (in0 & digitX)
};

// The row to update: own[0 … n) in place; its vertical neighbours up, down and
// the same row of the other colour as mid[−1 … n] (wrapped), of which site k
// sees mid[k] and mid[k + shift]. Rows are padded to multiples of 8 words
// (readable, never written).
struct Row {
    std::uint64_t* own;
    const std::uint64_t *up, *down, *mid;
    int shift, n;
    const Thresholds* th;
};

void updateRowScalar(const Row& row, RowLanes& lanes);
#if defined(__x86_64__) && defined(__GNUC__)
void updateRowAvx2(const Row& row, RowLanes& lanes);
void updateRowAvx512(const Row& row, RowLanes& lanes);
#endif

// The class masks of one word (or vector of words): `flip` the spins that
// flip for certain, `in0` the spins of slot 0, `open` the spins that need a
// random number (slot 0 or 1).
template <class W> struct Classes {
    W flip, in0, open;
};

template <class W>
inline __attribute__((always_inline)) Classes<W> classify(const W& s, const W& n1, const W& n2, const W& n3,
                                                          const W& n4, const Thresholds& th)
{
    const W d1 = s ^ n1, d2 = s ^ n2, d3 = s ^ n3, d4 = s ^ n4;
    // The number of anti-aligned neighbours as three bit planes c2 c1 c0.
    const W a = d1 ^ d2, b = d1 & d2, c = d3 ^ d4, d = d3 & d4;
    const W c0 = a ^ c, carry = a & c;
    const W c1 = b ^ d ^ carry;
    const W c2 = (b & d) | (b & carry) | (d & carry);
    const W none = W{} ^ W {};
    switch (th.pattern) {
    case Thresholds::Pattern::Ferro:
        return {c1 | c2, ~(c0 | c1 | c2), ~(c1 | c2)};
    case Thresholds::Pattern::Antiferro:
        return {~((c0 & c1) | c2), c0 & c1, (c0 & c1) | c2};
    case Thresholds::Pattern::None:
        return {~none, none, none};
    case Thresholds::Pattern::Other:
        break;
    }
    const W cls[5] = {~(c0 | c1 | c2), c0 & ~c1, ~c0 & c1, c0 & c1, c2}; // v ≤ 4: c2 excludes c0, c1
    Classes<W> k{none, none, none};
    for (int v = 0; v <= 4; ++v) {
        if (th.always[v]) k.flip |= cls[v];
        if (th.slot[v] >= 0) k.open |= cls[v];
        if (th.slot[v] == 0) k.in0 |= cls[v];
    }
    return k;
}

} // namespace dlab::multispin
