// Four-colour Metropolis for t0, t1, t2 on the packed checkerboard layout.
//
// Neighbours of site (c, y, k) in plane c, with p = (c + y) mod 2 and the
// column offsets rOff = p ? +1 : 0 (x + 1), lOff = p ? 0 : −1 (x − 1):
//   x ± 1, same row:   other plane, row y,     k + rOff / k + lOff
//   y ± 1, same x:     other plane, rows y±1,  k
//   diagonals (x±1, y±1): same plane, rows y±1, k + rOff / k + lOff
// Rows y and y ± 2 of a plane never interact, so one pass updates every
// other row of a plane: four passes make a sweep.
#include "engine/mc/CheckerboardMetropolis.hpp"
#include "engine/mc/GeneralAcceptTable.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/PhiloxBatch.hpp"
#include "engine/mc/SimdSupport.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <cmath>
#include <cstring>
#include <vector>

#include "engine/mc/SimdRegion.hpp"

#ifdef DLAB_HAVE_AVX512_PATH
DLAB_SIMD_REGION_BEGIN(DLAB_AVX512_VBMI)
#include "engine/mc/GeneralAcceptAvx512.hpp"
DLAB_SIMD_REGION_END
#endif

namespace dlab {
namespace {

using FourColourTable = GeneralAcceptTable;

struct RowJob {
    std::int8_t* own;
    const std::int8_t *otherUp, *otherDown;          // other plane rows y ± 1 (at k)
    const std::int8_t *otherMid, *sameUp, *sameDown; // halo'd rows: valid at −1 … n
    int rOff, lOff, n;
    const std::uint8_t* rnd;
    const FourColourTable* table;
    const SiteRandomKey* refineKey;
    std::uint32_t refineBase, sweep;
};

inline int tableIndex(const RowJob& j, int k)
{
    const int s = j.own[k];
    const int r = j.otherMid[k + j.rOff], l = j.otherMid[k + j.lOff], u = j.otherUp[k], d = j.otherDown[k];
    const int ru = j.sameUp[k + j.rOff], lu = j.sameUp[k + j.lOff];
    const int rd = j.sameDown[k + j.rOff], ld = j.sameDown[k + j.lOff];
    const int nn = r + l + u + d;
    const int plaq = r * ru * u + u * lu * l + l * ld * d + d * rd * r;
    const int diag = ru + lu + rd + ld;
    return (s * nn + 4) / 2 * 25 + (s * plaq + 4) / 2 * 5 + (s * diag + 4) / 2;
}

inline bool refineAccept(const RowJob& j, int k, int idx)
{
    const std::uint32_t w = j.refineKey->block(j.refineBase + std::uint32_t(k), j.sweep)[0] & 0xFFFFFFu;
    return w < j.table->low24[idx];
}

void updateRowScalar(const RowJob& j)
{
    const auto& tab = *j.table;
    for (int k = 0; k < j.n; ++k) {
        const int idx = tableIndex(j, k);
        bool accept;
        if (tab.always[idx])
            accept = true;
        else if (j.rnd[k] != tab.high8[idx])
            accept = j.rnd[k] < tab.high8[idx];
        else
            accept = refineAccept(j, k, idx);
        if (accept) j.own[k] = std::int8_t(-j.own[k]);
    }
}

#ifdef DLAB_HAVE_AVX512_PATH
DLAB_SIMD_REGION_BEGIN(DLAB_AVX512_VBMI)

inline __m512i load(const std::int8_t* p) { return _mm512_loadu_si512(p); }

void updateRowAvx512(const RowJob& j)
{
    const GeneralAcceptAvx512 vt(*j.table);
    const __m512i zero = _mm512_setzero_si512();
    for (int k = 0; k < j.n; k += 64) {
        const __mmask64 valid = j.n - k >= 64 ? ~__mmask64(0) : (__mmask64(1) << (j.n - k)) - 1;
        const __m512i s = load(j.own + k);
        __m512i h;
        __mmask64 sure;
        vt.classify(s, load(j.otherMid + k + j.rOff), load(j.otherMid + k + j.lOff), load(j.otherUp + k),
                    load(j.otherDown + k), load(j.sameUp + k + j.rOff), load(j.sameUp + k + j.lOff),
                    load(j.sameDown + k + j.lOff), load(j.sameDown + k + j.rOff), h, sure);
        const __m512i rn = _mm512_loadu_si512(j.rnd + k);
        __mmask64 accept = sure | _mm512_cmplt_epu8_mask(rn, h);
        __mmask64 tie = _mm512_cmpeq_epi8_mask(rn, h) & ~sure & valid;
        while (tie) {
            const int b = __builtin_ctzll(tie);
            tie &= tie - 1;
            if (refineAccept(j, k + b, tableIndex(j, k + b))) accept |= __mmask64(1) << b;
        }
        accept &= valid;
        _mm512_storeu_si512(j.own + k, _mm512_mask_sub_epi8(s, accept, zero, s));
    }
}

DLAB_SIMD_REGION_END
#endif

// Row `row` of a plane with its wrap-around: out[−1] … out[n].
void haloRow(const std::int8_t* row, int n, std::int8_t* out)
{
    std::memcpy(out, row, std::size_t(n));
    out[-1] = row[n - 1];
    out[n] = row[0];
}

} // namespace

void metropolisSweepFourColour(CheckerboardSpins& s, const IsingCouplings& t, const CheckerboardRandom& rnd,
                               std::uint32_t sweep)
{
    const int L = s.size(), n = s.halfWidth(), stride = s.stride();
    if (L % 2 != 0)
        throw ParameterError("L", "the four-colour Metropolis kernel needs an even L (got " + std::to_string(L) + ")");
    // 125 exp() calls: rebuilt only when the couplings change; copied, since
    // this thread may run another chain's sweep while waiting in parallel_for.
    thread_local IsingCouplings cachedT{std::nan(""), 0, 0};
    thread_local FourColourTable cachedTable(IsingCouplings{});
    if (!(cachedT == t)) {
        cachedTable = FourColourTable(t);
        cachedT = t;
    }
    const FourColourTable table = cachedTable;
    // Each row owns randBytes bytes (whole batches of 16 Philox blocks).
    const int randBytes = (stride + 255) / 256 * 256;
#ifdef DLAB_HAVE_AVX512_PATH
    const bool vector = useAvx512VbmiKernels();
#endif
    for (int colour = 0; colour < 2; ++colour)
        for (int parity = 0; parity < 2; ++parity) {
            const int other = 1 - colour;
            auto body = [&](const tbb::blocked_range<int>& rows) {
                thread_local std::vector<std::uint32_t> words;
                thread_local std::vector<std::int8_t> halo;
                words.resize(std::size_t(randBytes) / 4);
                const std::size_t haloStride = std::size_t(stride) + 128;
                if (halo.size() < 3 * haloStride) halo.assign(3 * haloStride, 0);
                std::int8_t* otherMid = halo.data() + 1;
                std::int8_t* sameUp = otherMid + haloStride;
                std::int8_t* sameDown = sameUp + haloStride;
                for (int r = rows.begin(); r < rows.end(); ++r) {
                    const int y = 2 * r + parity;
                    const int yu = y + 1 == L ? 0 : y + 1, yd = y == 0 ? L - 1 : y - 1;
                    const std::uint32_t label = std::uint32_t(colour * L + y);
                    philoxBatches(rnd.generic, label * std::uint32_t(randBytes / 16), randBytes / 256, sweep,
                                  words.data());
                    haloRow(s.row(other, y), n, otherMid);
                    haloRow(s.row(colour, yu), n, sameUp);
                    haloRow(s.row(colour, yd), n, sameDown);
                    const bool odd = ((colour + y) & 1) != 0;
                    const RowJob job{s.row(colour, y),
                                     s.row(other, yu),
                                     s.row(other, yd),
                                     otherMid,
                                     sameUp,
                                     sameDown,
                                     odd ? 1 : 0,
                                     odd ? 0 : -1,
                                     n,
                                     reinterpret_cast<const std::uint8_t*>(words.data()),
                                     &table,
                                     &rnd.refine,
                                     label * std::uint32_t(stride),
                                     sweep};
#ifdef DLAB_HAVE_AVX512_PATH
                    if (vector) {
                        updateRowAvx512(job);
                        continue;
                    }
#endif
                    updateRowScalar(job);
                }
            };
            const int rows = L / 2;
            const int grain = std::max(1, std::min(16384 / std::max(1, n), rows / 8)); // ≥ 8 tasks if possible
            if (rows * n <= 16384)
                body(tbb::blocked_range<int>(0, rows));
            else
                tbb::parallel_for(tbb::blocked_range<int>(0, rows, grain), body, tbb::simple_partitioner());
        }
}

} // namespace dlab
