#pragma once
// AVX-512 (BW + VBMI) form of GeneralAcceptTable: the first-level decision for
// 64 spins from their eight neighbours. Include only inside a
// `#pragma GCC target("…avx512bw,avx512vbmi…")` region, after <immintrin.h>.

#include "engine/mc/GeneralAcceptTable.hpp"

namespace dlab {

struct GeneralAcceptAvx512 {
    __m512i hLo, hHi, aLo, aHi, t25, t5, t1;

    explicit GeneralAcceptAvx512(const GeneralAcceptTable& tab)
    {
        hLo = _mm512_load_si512(tab.high8.data());
        hHi = _mm512_load_si512(tab.high8.data() + 64);
        aLo = _mm512_load_si512(tab.always.data());
        aHi = _mm512_load_si512(tab.always.data() + 64);
        t25 = _mm512_broadcast_i32x4(_mm_load_si128((const __m128i*)tab.by25.data()));
        t5 = _mm512_broadcast_i32x4(_mm_load_si128((const __m128i*)tab.by5.data()));
        t1 = _mm512_broadcast_i32x4(_mm_load_si128((const __m128i*)tab.by1.data()));
    }

    // Spins s (±1 bytes) with neighbours right, left, up, down and the four
    // diagonals: the top 8 threshold bits h and the lanes accepted for sure.
    inline __attribute__((always_inline)) void classify(__m512i s, __m512i r, __m512i l, __m512i u, __m512i d,
                                                        __m512i ru, __m512i lu, __m512i ld, __m512i rd, __m512i& h,
                                                        __mmask64& sure) const
    {
        const __m512i four = _mm512_set1_epi8(4), zero = _mm512_setzero_si512();
        const __m512i nn = _mm512_add_epi8(_mm512_add_epi8(r, l), _mm512_add_epi8(u, d));
        const __m512i diag = _mm512_add_epi8(_mm512_add_epi8(ru, lu), _mm512_add_epi8(rd, ld));
        // A product of three ±1 bytes is their exclusive or (0x01 / 0xFF).
        const __m512i plaq = _mm512_add_epi8(
            _mm512_add_epi8(_mm512_ternarylogic_epi32(r, ru, u, 0x96), _mm512_ternarylogic_epi32(u, lu, l, 0x96)),
            _mm512_add_epi8(_mm512_ternarylogic_epi32(l, ld, d, 0x96), _mm512_ternarylogic_epi32(d, rd, r, 0x96)));
        const __mmask64 negative = _mm512_movepi8_mask(s);
        auto signed4 = [&](__m512i v) { return _mm512_add_epi8(_mm512_mask_sub_epi8(v, negative, zero, v), four); };
        const __m512i idx = _mm512_add_epi8(
            _mm512_add_epi8(_mm512_shuffle_epi8(t25, signed4(nn)), _mm512_shuffle_epi8(t5, signed4(plaq))),
            _mm512_shuffle_epi8(t1, signed4(diag)));
        h = _mm512_permutex2var_epi8(hLo, idx, hHi);
        sure = _mm512_movepi8_mask(_mm512_permutex2var_epi8(aLo, idx, aHi));
    }
};

} // namespace dlab
