#include "engine/mc/CheckerboardMetropolis.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/PhiloxBatch.hpp"
#include "engine/mc/SimdSupport.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "engine/mc/SimdRegion.hpp"

namespace dlab {
namespace {

// Acceptance by e = s_i Σ_nn s_j ∈ {−4, −2, 0, 2, 4}, indexed by e + 4 (so a
// 16-entry byte table serves a byte shuffle); odd entries are unused.
struct NearestNeighbourTable {
    alignas(16) std::array<std::uint8_t, 16> high8{};
    alignas(16) std::array<std::uint8_t, 16> always{}; // 0xFF: accept without a number
    std::array<std::uint32_t, 16> low24{};

    explicit NearestNeighbourTable(double t0)
    {
        for (int e = -4; e <= 4; e += 2) {
            const auto a = AcceptThreshold::fromLogRatio(-2.0 * t0 * e);
            high8[e + 4] = a.high8;
            always[e + 4] = a.always ? 0xFF : 0x00;
            low24[e + 4] = a.low24;
        }
    }
};

// What a row update needs besides the spins.
struct RowContext {
    const NearestNeighbourTable* table;
    const SiteRandomKey* refineKey;
    std::uint32_t sweep;
    std::uint32_t refineBase; // label of k = 0 of this row among refine blocks
};

// The rare tie: the first 8 random bits equal the threshold's top 8 bits.
inline bool refineAccept(const RowContext& c, int k, int idx)
{
    const std::uint32_t w = c.refineKey->block(c.refineBase + std::uint32_t(k), c.sweep)[0] & 0xFFFFFFu;
    return w < c.table->low24[idx];
}

// Portable twin of the vector row update: the same decision for every site.
void updateRowScalar(std::int8_t* own, const std::int8_t* up, const std::int8_t* down, const std::int8_t* mid,
                     int shift, int n, const std::uint8_t* rnd, const RowContext& c)
{
    const auto& tab = *c.table;
    for (int k = 0; k < n; ++k) {
        const int sum = up[k] + down[k] + mid[k] + mid[k + shift];
        const int e = own[k] > 0 ? sum : -sum;
        const int idx = e + 4;
        bool accept;
        if (tab.always[idx])
            accept = true;
        else if (rnd[k] != tab.high8[idx])
            accept = rnd[k] < tab.high8[idx];
        else
            accept = refineAccept(c, k, idx);
        if (accept) own[k] = std::int8_t(-own[k]);
    }
}

#ifdef DLAB_HAVE_AVX512_PATH
DLAB_SIMD_REGION_BEGIN(DLAB_AVX512)

void updateRowAvx512(std::int8_t* own, const std::int8_t* up, const std::int8_t* down, const std::int8_t* mid,
                     int shift, int n, const std::uint8_t* rnd, const RowContext& c)
{
    const __m512i high8 = _mm512_broadcast_i32x4(_mm_load_si128((const __m128i*)c.table->high8.data()));
    const __m512i always = _mm512_broadcast_i32x4(_mm_load_si128((const __m128i*)c.table->always.data()));
    const __m512i four = _mm512_set1_epi8(4), zero = _mm512_setzero_si512();
    for (int k = 0; k < n; k += 64) {
        const __mmask64 valid = n - k >= 64 ? ~__mmask64(0) : (__mmask64(1) << (n - k)) - 1;
        const __m512i s = _mm512_loadu_si512(own + k);
        __m512i sum = _mm512_add_epi8(_mm512_loadu_si512(up + k), _mm512_loadu_si512(down + k));
        sum = _mm512_add_epi8(sum, _mm512_loadu_si512(mid + k));
        sum = _mm512_add_epi8(sum, _mm512_loadu_si512(mid + k + shift));
        // e = s · sum, with s = ±1: negate where s < 0.
        const __mmask64 negative = _mm512_movepi8_mask(s);
        const __m512i e = _mm512_mask_sub_epi8(sum, negative, zero, sum);
        const __m512i idx = _mm512_add_epi8(e, four);
        const __m512i h = _mm512_shuffle_epi8(high8, idx);
        const __mmask64 sure = _mm512_movepi8_mask(_mm512_shuffle_epi8(always, idx));
        const __m512i r = _mm512_loadu_si512(rnd + k);
        __mmask64 accept = sure | _mm512_cmplt_epu8_mask(r, h);
        __mmask64 tie = _mm512_cmpeq_epi8_mask(r, h) & ~sure & valid;
        while (tie) {
            const int j = __builtin_ctzll(tie);
            tie &= tie - 1;
            const int sj = own[k + j], ej = sj > 0 ? (up[k + j] + down[k + j] + mid[k + j] + mid[k + j + shift])
                                                   : -(up[k + j] + down[k + j] + mid[k + j] + mid[k + j + shift]);
            if (refineAccept(c, k + j, ej + 4)) accept |= __mmask64(1) << j;
        }
        accept &= valid;
        _mm512_storeu_si512(own + k, _mm512_mask_sub_epi8(s, accept, zero, s));
    }
}

DLAB_SIMD_REGION_END

DLAB_SIMD_REGION_BEGIN(DLAB_AVX2)

// 32 sites per step; AVX2 has no mask registers, so decisions are byte masks
// and the rare refined ties are applied after the vector store.
void updateRowAvx2(std::int8_t* own, const std::int8_t* up, const std::int8_t* down, const std::int8_t* mid, int shift,
                   int n, const std::uint8_t* rnd, const RowContext& c)
{
    const __m256i high8 = _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i*)c.table->high8.data()));
    const __m256i always = _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i*)c.table->always.data()));
    const __m256i four = _mm256_set1_epi8(4), zero = _mm256_setzero_si256(), bias = _mm256_set1_epi8(char(0x80));
    const __m256i laneIndex = _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                                               21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
    for (int k = 0; k < n; k += 32) {
        const int left = n - k;
        const __m256i valid =
            left >= 32 ? _mm256_set1_epi8(-1) : _mm256_cmpgt_epi8(_mm256_set1_epi8(char(left)), laneIndex);
        const __m256i s = _mm256_loadu_si256((const __m256i*)(own + k));
        __m256i sum = _mm256_add_epi8(_mm256_loadu_si256((const __m256i*)(up + k)),
                                      _mm256_loadu_si256((const __m256i*)(down + k)));
        sum = _mm256_add_epi8(sum, _mm256_loadu_si256((const __m256i*)(mid + k)));
        sum = _mm256_add_epi8(sum, _mm256_loadu_si256((const __m256i*)(mid + k + shift)));
        const __m256i negative = _mm256_cmpgt_epi8(zero, s); // 0xFF where s = −1
        const __m256i e = _mm256_sub_epi8(_mm256_xor_si256(sum, negative), negative);
        const __m256i idx = _mm256_add_epi8(e, four);
        const __m256i h = _mm256_shuffle_epi8(high8, idx);
        const __m256i sure = _mm256_shuffle_epi8(always, idx);
        const __m256i r = _mm256_loadu_si256((const __m256i*)(rnd + k));
        // Unsigned r < h via the signed compare of both shifted by 0x80.
        const __m256i lt = _mm256_cmpgt_epi8(_mm256_xor_si256(h, bias), _mm256_xor_si256(r, bias));
        const __m256i accept = _mm256_and_si256(_mm256_or_si256(sure, lt), valid);
        _mm256_storeu_si256((__m256i*)(own + k), _mm256_blendv_epi8(s, _mm256_sub_epi8(zero, s), accept));
        std::uint32_t tie = std::uint32_t(
            _mm256_movemask_epi8(_mm256_andnot_si256(sure, _mm256_and_si256(_mm256_cmpeq_epi8(r, h), valid))));
        while (tie) {
            const int j = __builtin_ctz(tie);
            tie &= tie - 1;
            // The stored value is unchanged for a tie lane: recompute its class from the neighbours.
            const int sum1 = up[k + j] + down[k + j] + mid[k + j] + mid[k + j + shift];
            const int ej = own[k + j] > 0 ? sum1 : -sum1;
            if (refineAccept(c, k + j, ej + 4)) own[k + j] = std::int8_t(-own[k + j]);
        }
    }
}

DLAB_SIMD_REGION_END
#endif

} // namespace

void metropolisSweepCheckerboard(CheckerboardSpins& s, double t0, const CheckerboardRandom& rnd, std::uint32_t sweep)
{
    const int L = s.size(), n = s.halfWidth(), stride = s.stride();
    // The table costs five exp() calls: rebuilt only when t0 changes.
    thread_local double cachedT0 = std::numeric_limits<double>::quiet_NaN();
    thread_local NearestNeighbourTable cachedTable(0.0);
    if (!(cachedT0 == t0)) {
        cachedTable = NearestNeighbourTable(t0);
        cachedT0 = t0;
    }
    // A copy: while this thread waits in parallel_for it may run another chain's
    // sweep, which can rebuild the cached table under the other workers' feet.
    const NearestNeighbourTable table = cachedTable;
    // Random bytes: site (colour, y, k) owns byte colour·colourBytes + y·stride + k
    // of one long sequence, made 256 bytes (16 Philox blocks) at a time. Rows
    // are taken in groups of R whose bytes fill whole batches, so a row never
    // shares a batch with a row of another task, and small lattices waste little.
    const int R = 256 / std::gcd(stride, 256);
    const int groupBytes = R * stride, groups = (L + R - 1) / R;
    const std::uint32_t colourBytes = std::uint32_t(groups) * std::uint32_t(groupBytes);
    const int groupsPerChunk = std::max(1, 4096 / groupBytes);
#ifdef DLAB_HAVE_AVX512_PATH
    const bool vector = useAvx512Kernels(), avx2 = useAvx2Kernels();
#endif

    for (int colour = 0; colour < 2; ++colour) {
        const int other = 1 - colour;
        auto body = [&](const tbb::blocked_range<int>& range) {
            // Per-thread scratch, reused across sweeps (no allocation per task).
            thread_local std::vector<std::uint32_t> rndWords;
            thread_local std::vector<std::int8_t> midBuffer;
            rndWords.resize(std::size_t(groupsPerChunk) * groupBytes / 4);
            if (midBuffer.size() < std::size_t(stride) + 128) midBuffer.assign(std::size_t(stride) + 128, 0);
            for (int g0 = range.begin(); g0 < range.end(); g0 += groupsPerChunk) {
                const int ng = std::min(groupsPerChunk, range.end() - g0);
                const std::uint32_t firstByte = std::uint32_t(colour) * colourBytes + std::uint32_t(g0 * groupBytes);
                philoxBatches(rnd.bytes, firstByte / 16, ng * groupBytes / 256, sweep, rndWords.data());
                const int yEnd = std::min(L, (g0 + ng) * R);
                for (int y = g0 * R; y < yEnd; ++y) {
                    const auto* r =
                        reinterpret_cast<const std::uint8_t*>(rndWords.data()) + std::size_t(y - g0 * R) * stride;
                    const std::int8_t* sameRow = s.row(other, y);
                    // Same-row neighbours with their wrap-around: mid[−1] … mid[n].
                    std::int8_t* mid = midBuffer.data() + 1;
                    std::memcpy(mid, sameRow, std::size_t(n));
                    mid[-1] = sameRow[n - 1];
                    mid[n] = sameRow[0];
                    const RowContext ctx{&table, &rnd.refine, sweep,
                                         std::uint32_t(colour * L + y) * std::uint32_t(stride)};
                    std::int8_t* own = s.row(colour, y);
                    const std::int8_t* up = s.row(other, y + 1 == L ? 0 : y + 1);
                    const std::int8_t* down = s.row(other, y == 0 ? L - 1 : y - 1);
                    const int shift = CheckerboardSpins::rowShift(colour, y);
#ifdef DLAB_HAVE_AVX512_PATH
                    if (vector) {
                        updateRowAvx512(own, up, down, mid, shift, n, r, ctx);
                        continue;
                    }
                    if (avx2) {
                        updateRowAvx2(own, up, down, mid, shift, n, r, ctx);
                        continue;
                    }
#endif
                    updateRowScalar(own, up, down, mid, shift, n, r, ctx);
                }
            }
        };
        // Small lattices: a parallel loop would cost more than the work.
        // ≥ 16K sites a task, but ≥ 8 tasks where the lattice allows: with
        // fewer, one late thread leaves the other idle at the end of a pass.
        const int grain = std::max(1, std::min(16384 / std::max(1, groupBytes), groups / 8));
        if (groups * groupBytes <= 16384)
            body(tbb::blocked_range<int>(0, groups));
        else
            tbb::parallel_for(tbb::blocked_range<int>(0, groups, grain), body, tbb::simple_partitioner());
    }
}

} // namespace dlab
