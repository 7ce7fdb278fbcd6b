#include "engine/mc/CheckerboardSpins.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/SimdSupport.hpp"

#include "engine/mc/SimdRegion.hpp"

namespace dlab {
namespace {

// Splits a row into its even- and odd-x sites from k = `from` on.
void splitRowScalar(const std::int8_t* in, int from, int half, std::int8_t* even, std::int8_t* odd)
{
    for (int k = from; k < half; ++k) {
        even[k] = in[2 * k];
        odd[k] = in[2 * k + 1];
    }
}

void mergeRowScalar(const std::int8_t* even, const std::int8_t* odd, int from, int half, std::int8_t* out)
{
    for (int k = from; k < half; ++k) {
        out[2 * k] = even[k];
        out[2 * k + 1] = odd[k];
    }
}

#ifdef DLAB_HAVE_AVX512_PATH
DLAB_SIMD_REGION_BEGIN(DLAB_AVX512_VBMI)

// 64 sites of each parity per step with two-register byte permutes; returns
// the first k not done (the rest goes scalar).
int splitRowVbmi(const std::int8_t* in, int half, std::int8_t* even, std::int8_t* odd)
{
    alignas(64) std::uint8_t ie[64], io[64];
    for (int i = 0; i < 64; ++i) {
        ie[i] = std::uint8_t(2 * i);
        io[i] = std::uint8_t(2 * i + 1);
    }
    const __m512i idxEven = _mm512_load_si512(ie), idxOdd = _mm512_load_si512(io);
    int k = 0;
    for (; k + 64 <= half; k += 64) {
        const __m512i a = _mm512_loadu_si512(in + 2 * k), b = _mm512_loadu_si512(in + 2 * k + 64);
        _mm512_storeu_si512(even + k, _mm512_permutex2var_epi8(a, idxEven, b));
        _mm512_storeu_si512(odd + k, _mm512_permutex2var_epi8(a, idxOdd, b));
    }
    return k;
}

int mergeRowVbmi(const std::int8_t* even, const std::int8_t* odd, int half, std::int8_t* out)
{
    alignas(64) std::uint8_t lo[64], hi[64];
    for (int i = 0; i < 64; ++i) {
        lo[i] = std::uint8_t((i & 1) * 64 + i / 2);
        hi[i] = std::uint8_t((i & 1) * 64 + 32 + i / 2);
    }
    const __m512i idxLo = _mm512_load_si512(lo), idxHi = _mm512_load_si512(hi);
    int k = 0;
    for (; k + 64 <= half; k += 64) {
        const __m512i e = _mm512_loadu_si512(even + k), o = _mm512_loadu_si512(odd + k);
        _mm512_storeu_si512(out + 2 * k, _mm512_permutex2var_epi8(e, idxLo, o));
        _mm512_storeu_si512(out + 2 * k + 64, _mm512_permutex2var_epi8(e, idxHi, o));
    }
    return k;
}

DLAB_SIMD_REGION_END
#endif

} // namespace

void CheckerboardSpins::pack(const SpinConfiguration& s)
{
    const int L = s.size();
    if (L % 2 != 0)
        throw ParameterError("L", "the checkerboard kernels need an even L (got " + std::to_string(L) + ")");
    // Site-addressed random numbers are labelled with 32-bit counters.
    if (L > 16384)
        throw ParameterError("L", "the checkerboard kernels allow L up to 16384 (got " + std::to_string(L) + ")");
    if (L != m_L) {
        m_L = L;
        m_half = L / 2;
        m_stride = (m_half + 63) / 64 * 64;
        m_data.assign(std::size_t(2) * L * m_stride, 0);
    }
#ifdef DLAB_HAVE_AVX512_PATH
    const bool vector = useAvx512VbmiKernels();
#endif
    const std::int8_t* src = s.data();
    for (int y = 0; y < L; ++y) {
        const std::int8_t* in = src + std::size_t(y) * L;
        // Row y: even x belong to colour (y mod 2), odd x to the other colour.
        std::int8_t* even = row(y & 1, y);
        std::int8_t* odd = row((y + 1) & 1, y);
        int done = 0;
#ifdef DLAB_HAVE_AVX512_PATH
        if (vector) done = splitRowVbmi(in, m_half, even, odd);
#endif
        splitRowScalar(in, done, m_half, even, odd);
    }
}

void CheckerboardSpins::unpack(SpinConfiguration& s) const
{
#ifdef DLAB_HAVE_AVX512_PATH
    const bool vector = useAvx512VbmiKernels();
#endif
    std::int8_t* dst = s.data();
    for (int y = 0; y < m_L; ++y) {
        std::int8_t* out = dst + std::size_t(y) * m_L;
        const std::int8_t* even = row(y & 1, y);
        const std::int8_t* odd = row((y + 1) & 1, y);
        int done = 0;
#ifdef DLAB_HAVE_AVX512_PATH
        if (vector) done = mergeRowVbmi(even, odd, m_half, out);
#endif
        mergeRowScalar(even, odd, done, m_half, out);
    }
}

} // namespace dlab
