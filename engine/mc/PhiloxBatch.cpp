#include "engine/mc/PhiloxBatch.hpp"

#include "engine/mc/SimdSupport.hpp"

#include <algorithm>

#include "engine/mc/SimdRegion.hpp"

namespace dlab {
namespace {

void philoxBatchesScalar(const SiteRandomKey& key, std::uint32_t firstBlock, int batches, std::uint32_t sweep,
                         std::uint32_t* out)
{
    for (int b = 0; b < batches; ++b)
        for (int j = 0; j < 16; ++j) {
            const auto w = key.block(firstBlock + std::uint32_t(16 * b + j), sweep);
            for (int k = 0; k < 4; ++k)
                out[64 * b + 16 * k + j] = w[k];
        }
}

} // namespace

#ifdef DLAB_HAVE_AVX512_PATH
DLAB_SIMD_REGION_BEGIN(DLAB_AVX512)
namespace {

// 32×32 → 64-bit products of 16 lanes with one multiplier: even and odd lanes
// separately (vpmuludq), then recombined.
inline __attribute__((always_inline)) void mulhilo(__m512i a, __m512i m, __m512i& hi, __m512i& lo)
{
    const __m512i pe = _mm512_mul_epu32(a, m);
    const __m512i po = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m);
    lo = _mm512_mask_blend_epi32(0xAAAA, pe, _mm512_slli_epi64(po, 32));
    hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(pe, 32), po);
}

// Philox4x32-10 on B independent groups of 16 counters; B > 1 hides the
// multiply latency.
template <int B> inline __attribute__((always_inline)) void philox(__m512i (*c)[4], std::uint32_t k0, std::uint32_t k1)
{
    const __m512i M0 = _mm512_set1_epi64(0xD2511F53u), M1 = _mm512_set1_epi64(0xCD9E8D57u);
    for (int r = 0; r < 10; ++r) {
        const __m512i K0 = _mm512_set1_epi32(int(k0)), K1 = _mm512_set1_epi32(int(k1));
        for (int b = 0; b < B; ++b) {
            __m512i h0, l0, h1, l1;
            mulhilo(c[b][0], M0, h0, l0);
            mulhilo(c[b][2], M1, h1, l1);
            c[b][0] = _mm512_ternarylogic_epi32(h1, c[b][1], K0, 0x96);
            c[b][2] = _mm512_ternarylogic_epi32(h0, c[b][3], K1, 0x96);
            c[b][1] = l1;
            c[b][3] = l0;
        }
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
}

template <int B>
inline __attribute__((always_inline)) void philoxGroup(const SiteRandomKey& key, std::uint32_t firstBlock,
                                                       std::uint32_t sweep, std::uint32_t* out)
{
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m512i c[B][4];
    for (int i = 0; i < B; ++i) {
        c[i][0] = _mm512_add_epi32(lane, _mm512_set1_epi32(int(firstBlock + 16u * i)));
        c[i][1] = _mm512_set1_epi32(int(sweep));
        c[i][2] = _mm512_set1_epi32(int(key.stream0));
        c[i][3] = _mm512_set1_epi32(int(key.stream1));
    }
    philox<B>(c, key.key0, key.key1);
    for (int i = 0; i < B; ++i)
        for (int w = 0; w < 4; ++w)
            _mm512_storeu_si512(out + 64 * i + 16 * w, c[i][w]);
}

void philoxBatchesAvx512(const SiteRandomKey& key, std::uint32_t firstBlock, int batches, std::uint32_t sweep,
                         std::uint32_t* out)
{
    int b = 0;
    for (; b + 4 <= batches; b += 4)
        philoxGroup<4>(key, firstBlock + 16u * b, sweep, out + 64 * b);
    for (; b + 2 <= batches; b += 2)
        philoxGroup<2>(key, firstBlock + 16u * b, sweep, out + 64 * b);
    for (; b < batches; ++b)
        philoxGroup<1>(key, firstBlock + 16u * b, sweep, out + 64 * b);
}

} // namespace
DLAB_SIMD_REGION_END

DLAB_SIMD_REGION_BEGIN(DLAB_AVX2)
namespace {

inline __attribute__((always_inline)) void mulhilo(__m256i a, __m256i m, __m256i& hi, __m256i& lo)
{
    const __m256i pe = _mm256_mul_epu32(a, m);
    const __m256i po = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
    lo = _mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xAA);
    hi = _mm256_blend_epi32(_mm256_srli_epi64(pe, 32), po, 0xAA);
}

// Philox4x32-10 on four groups of 8 counters (one batch of 16 blocks = two groups).
inline __attribute__((always_inline)) void philox4(__m256i (*c)[4], std::uint32_t k0, std::uint32_t k1)
{
    const __m256i M0 = _mm256_set1_epi64x(0xD2511F53u), M1 = _mm256_set1_epi64x(0xCD9E8D57u);
    for (int r = 0; r < 10; ++r) {
        const __m256i K0 = _mm256_set1_epi32(int(k0)), K1 = _mm256_set1_epi32(int(k1));
        for (int b = 0; b < 4; ++b) {
            __m256i h0, l0, h1, l1;
            mulhilo(c[b][0], M0, h0, l0);
            mulhilo(c[b][2], M1, h1, l1);
            c[b][0] = _mm256_xor_si256(_mm256_xor_si256(h1, c[b][1]), K0);
            c[b][2] = _mm256_xor_si256(_mm256_xor_si256(h0, c[b][3]), K1);
            c[b][1] = l1;
            c[b][3] = l0;
        }
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
}

void philoxBatchesAvx2(const SiteRandomKey& key, std::uint32_t firstBlock, int batches, std::uint32_t sweep,
                       std::uint32_t* out)
{
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    // Two batches (32 blocks) per step: groups of 8 lanes, blocks 8g … 8g + 7.
    for (int b = 0; b < batches; b += 2) {
        const int groups = std::min(4, 2 * (batches - b));
        __m256i c[4][4];
        for (int g = 0; g < 4; ++g) {
            c[g][0] = _mm256_add_epi32(lane, _mm256_set1_epi32(int(firstBlock + 16u * b + 8u * g)));
            c[g][1] = _mm256_set1_epi32(int(sweep));
            c[g][2] = _mm256_set1_epi32(int(key.stream0));
            c[g][3] = _mm256_set1_epi32(int(key.stream1));
        }
        philox4(c, key.key0, key.key1);
        for (int g = 0; g < groups; ++g)
            for (int w = 0; w < 4; ++w)
                _mm256_storeu_si256((__m256i*)(out + 64 * (b + g / 2) + 16 * w + 8 * (g % 2)), c[g][w]);
    }
}

} // namespace
DLAB_SIMD_REGION_END
#endif

void philoxBatches(const SiteRandomKey& key, std::uint32_t firstBlock, int batches, std::uint32_t sweep,
                   std::uint32_t* out)
{
#ifdef DLAB_HAVE_AVX512_PATH
    if (useAvx512Kernels()) return philoxBatchesAvx512(key, firstBlock, batches, sweep, out);
    if (useAvx2Kernels()) return philoxBatchesAvx2(key, firstBlock, batches, sweep, out);
#endif
    philoxBatchesScalar(key, firstBlock, batches, sweep, out);
}

} // namespace dlab
