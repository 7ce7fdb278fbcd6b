// The AVX2 and AVX-512 twins of updateRowScalar (MultiSpinRow.cpp): the same
// groups, lanes, planes and decisions, several words per instruction.
#include "engine/mc/MultiSpinRow.hpp"

#include <algorithm>
#include <cstring>

#include "engine/mc/SimdRegion.hpp"

// The word helpers are templates instantiated for vectors of words; GCC notes
// the vector ABI even where everything is inlined.
#pragma GCC diagnostic ignored "-Wpsabi"

#ifdef DLAB_HAVE_AVX512_PATH
namespace dlab::multispin {

template <class V> inline __attribute__((always_inline)) V loadWords(const std::uint64_t* p)
{
    V v;
    std::memcpy(&v, p, sizeof(V));
    return v;
}

DLAB_SIMD_REGION_BEGIN(DLAB_AVX2)
namespace {

typedef std::uint64_t u64x4 __attribute__((vector_size(32)));

inline __attribute__((always_inline)) u64x4 rotl(u64x4 x, int k) { return (x << k) | (x >> (64 - k)); }

// Four xoshiro256++ lanes in registers.
struct Lanes4 {
    u64x4 s0, s1, s2, s3;
    inline __attribute__((always_inline)) u64x4 next()
    {
        const u64x4 r = rotl(s0 + s3, 23) + s0;
        const u64x4 t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 45);
        return r;
    }
};

// One group of four words on its way through the planes.
struct Group {
    u64x4 spins, flip, open, in0;
    int words;
};

inline __attribute__((always_inline)) Group startGroup(const Row& row, int k0)
{
    Group g;
    g.words = std::min(kGroupWords, row.n - k0);
    g.spins = loadWords<u64x4>(row.own + k0);
    const auto c = classify<u64x4>(g.spins, loadWords<u64x4>(row.up + k0), loadWords<u64x4>(row.down + k0),
                                   loadWords<u64x4>(row.mid + k0), loadWords<u64x4>(row.mid + k0 + row.shift), *row.th);
    g.flip = c.flip;
    g.in0 = c.in0;
    g.open = c.open;
    if (g.words < kGroupWords) {
        const u64x4 index = {0, 1, 2, 3};
        g.open &= (u64x4)(index < std::uint64_t(g.words)); // padding words never decide anything
    }
    return g;
}

inline __attribute__((always_inline)) void drawPlane(Group& g, Lanes4& lanes, const Thresholds& th, int p)
{
    const u64x4 r = lanes.next();
    const u64x4 digit = th.digit1[p] ^ (g.in0 & th.digitX[p]);
    g.flip |= g.open & digit & ~r;
    g.open &= ~(digit ^ r);
}

inline __attribute__((always_inline)) void drawRemainingPlanes(Group& g, Lanes4& lanes, const Thresholds& th)
{
    for (int p = kMinPlanes; p < kMaxPlanes && !_mm256_testz_si256(__m256i(g.open), __m256i(g.open)); ++p)
        drawPlane(g, lanes, th, p);
}

inline __attribute__((always_inline)) void storeGroup(const Row& row, int k0, const Group& g)
{
    const u64x4 result = g.spins ^ g.flip;
    if (g.words == kGroupWords) {
        std::memcpy(row.own + k0, &result, sizeof(result));
    } else {
        std::uint64_t out[kGroupWords];
        std::memcpy(out, &result, sizeof(out));
        std::memcpy(row.own + k0, out, sizeof(std::uint64_t) * std::size_t(g.words));
    }
}

} // namespace

// The even and odd group of each 8 words side by side: two independent
// streams give the core twice the work to overlap.
void updateRowAvx2(const Row& row, RowLanes& lanes)
{
    const Thresholds& th = *row.th;
    const bool drawing = th.pattern != Thresholds::Pattern::None;
    Lanes4 even{loadWords<u64x4>(lanes.s[0]), loadWords<u64x4>(lanes.s[1]), loadWords<u64x4>(lanes.s[2]),
                loadWords<u64x4>(lanes.s[3])};
    Lanes4 odd{loadWords<u64x4>(lanes.s[0] + 4), loadWords<u64x4>(lanes.s[1] + 4), loadWords<u64x4>(lanes.s[2] + 4),
               loadWords<u64x4>(lanes.s[3] + 4)};
    for (int k0 = 0; k0 < row.n; k0 += 2 * kGroupWords) {
        Group a = startGroup(row, k0);
        if (k0 + kGroupWords < row.n) {
            Group b = startGroup(row, k0 + kGroupWords);
            if (drawing) {
                for (int p = 0; p < kMinPlanes; ++p) {
                    drawPlane(a, even, th, p);
                    drawPlane(b, odd, th, p);
                }
                drawRemainingPlanes(a, even, th);
                drawRemainingPlanes(b, odd, th);
            }
            storeGroup(row, k0 + kGroupWords, b);
        } else if (drawing) {
            for (int p = 0; p < kMinPlanes; ++p)
                drawPlane(a, even, th, p);
            drawRemainingPlanes(a, even, th);
        }
        storeGroup(row, k0, a);
    }
    const Lanes4* halves[2] = {&even, &odd};
    for (int h = 0; h < 2; ++h) {
        std::memcpy(lanes.s[0] + 4 * h, &halves[h]->s0, 32);
        std::memcpy(lanes.s[1] + 4 * h, &halves[h]->s1, 32);
        std::memcpy(lanes.s[2] + 4 * h, &halves[h]->s2, 32);
        std::memcpy(lanes.s[3] + 4 * h, &halves[h]->s3, 32);
    }
}

DLAB_SIMD_REGION_END

DLAB_SIMD_REGION_BEGIN(DLAB_AVX512)

typedef std::uint64_t u64x8 __attribute__((vector_size(64)));

// Two groups per vector: lanes 0–3 the even group, 4–7 the odd one. A group
// whose spins are all decided stops drawing (its lanes are masked), so each
// group's stream advances exactly as in the scalar kernel.
void updateRowAvx512(const Row& row, RowLanes& lanes)
{
    const Thresholds& th = *row.th;
    const bool drawing = th.pattern != Thresholds::Pattern::None;
    __m512i s0 = _mm512_loadu_si512(lanes.s[0]), s1 = _mm512_loadu_si512(lanes.s[1]),
            s2 = _mm512_loadu_si512(lanes.s[2]), s3 = _mm512_loadu_si512(lanes.s[3]);
    for (int k0 = 0; k0 < row.n; k0 += 2 * kGroupWords) {
        const int words = std::min(2 * kGroupWords, row.n - k0);
        const __mmask8 valid = __mmask8((1u << words) - 1u);
        const u64x8 s = loadWords<u64x8>(row.own + k0);
        const auto c = classify<u64x8>(s, loadWords<u64x8>(row.up + k0), loadWords<u64x8>(row.down + k0),
                                       loadWords<u64x8>(row.mid + k0), loadWords<u64x8>(row.mid + k0 + row.shift), th);
        u64x8 flip = c.flip;
        u64x8 open = u64x8(_mm512_maskz_mov_epi64(valid, __m512i(c.open)));
        // The groups (0x0F, 0xF0) with a spin still undecided.
        auto undecidedGroups = [&] {
            const unsigned o = _mm512_test_epi64_mask(__m512i(open), __m512i(open));
            return __mmask8(((o & 0x0Fu) ? 0x0Fu : 0u) | ((o & 0xF0u) ? 0xF0u : 0u));
        };
        auto plane = [&](int p, __mmask8 active) {
            // xoshiro256++ on the active lanes, all new state words from the old ones.
            const __m512i r = _mm512_add_epi64(_mm512_rol_epi64(_mm512_add_epi64(s0, s3), 23), s0);
            const __m512i t = _mm512_slli_epi64(s1, 17);
            const __m512i n2 = _mm512_mask_ternarylogic_epi64(s2, active, s0, t, 0x96);  // s2 ^ s0 ^ t
            const __m512i n1 = _mm512_mask_ternarylogic_epi64(s1, active, s2, s0, 0x96); // s1 ^ s2 ^ s0
            const __m512i n0 = _mm512_mask_ternarylogic_epi64(s0, active, s3, s1, 0x96); // s0 ^ s3 ^ s1
            s3 = _mm512_mask_rol_epi64(s3, active, _mm512_xor_si512(s3, s1), 45);
            s0 = n0;
            s1 = n1;
            s2 = n2;
            const u64x8 digit =
                u64x8(_mm512_ternarylogic_epi64(__m512i(c.in0), _mm512_set1_epi64((long long)th.digit0[p]),
                                                _mm512_set1_epi64((long long)th.digit1[p]), 0xCA));
            const u64x8 u = u64x8(r);
            flip |= open & digit & ~u;
            open &= ~(digit ^ u);
        };
        // The first planes do not wait for this chunk's classes (the streams run
        // ahead); one loop for both phases, since unrolled it spills registers.
        const __mmask8 present = words > kGroupWords ? 0xFF : 0x0F;
        for (int p = 0; drawing && p < kMaxPlanes; ++p) {
            __mmask8 active = present;
            if (p >= kMinPlanes && !(active = undecidedGroups())) break;
            plane(p, active);
        }
        _mm512_mask_storeu_epi64(row.own + k0, valid, __m512i(s ^ flip));
    }
    _mm512_storeu_si512(lanes.s[0], s0);
    _mm512_storeu_si512(lanes.s[1], s1);
    _mm512_storeu_si512(lanes.s[2], s2);
    _mm512_storeu_si512(lanes.s[3], s3);
}

DLAB_SIMD_REGION_END

} // namespace dlab::multispin
#endif
