#include "engine/mc/MultiSpinIsing.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/PhiloxBatch.hpp"
#include "engine/mc/SimdSupport.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <bit>
#include <cmath>
#include <cstring>

#include "engine/mc/SimdRegion.hpp"

// The word logic is a template instantiated for single words and for AVX-512
// vectors of words; GCC notes the vector ABI even where everything is inlined.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace dlab {
namespace {

// Planes made in bulk by the vectorised Philox. Lanes still undecided after
// them (probability 2⁻¹² per lane) continue from their own extra blocks; with
// eight planes ~20 % of words at β_c needed that slow path.
constexpr int kFirstPlanes = 12;
constexpr int kExtraBlocks = (32 - kFirstPlanes) / 2;

// Acceptance by the number v ∈ 0…4 of anti-aligned neighbours: s Σ n = 4 − 2v.
// At most two classes need a random number (v = 0, 1 for t0 > 0; 3, 4 for t0 < 0).
struct ClassThresholds {
    int slots = 0;
    int cls[2] = {0, 0};
    std::uint32_t P[2] = {0, 0}; // accept iff the 32-bit uniform < P
    bool always[5] = {};

    explicit ClassThresholds(double t0)
    {
        for (int v = 0; v <= 4; ++v) {
            const auto a = AcceptThreshold::fromLogRatio(-2.0 * t0 * (4 - 2 * v));
            always[v] = a.always;
            if (!a.always) {
                cls[slots] = v;
                P[slots] = std::uint32_t(a.P);
                ++slots;
            }
        }
        fillDigits();
    }
    // All-ones where bit (31 − p) of P[q] is set: the p-th binary digit of the
    // threshold (kept in memory so vector code broadcasts it for free). An
    // unused slot has no lanes, so its digits do not matter.
    std::uint64_t digit[2][32] = {};
    void fillDigits()
    {
        for (int q = 0; q < slots; ++q)
            for (int p = 0; p < 32; ++p)
                digit[q][p] = ((P[q] >> (31 - p)) & 1u) ? ~0ull : 0ull;
    }
};

template <class W> inline __attribute__((always_inline)) W loadWords(const std::uint64_t* p)
{
    W w;
    std::memcpy(&w, p, sizeof(W));
    return w;
}

// Bit-sliced Metropolis decision for one word (W = uint64_t) or eight (a
// vector of words) using the first kFirstPlanes planes; plane p of the word(s)
// at planes[8p].
// Leaves the still-undecided lanes of each uncertain class in und[] and the
// decided "u < P" lanes in lt[].
template <class W>
inline __attribute__((always_inline)) void decideFirstPlanes(const W& s, const W& n1, const W& n2, const W& n3,
                                                             const W& n4, const std::uint64_t* planes,
                                                             const ClassThresholds& th, W& accept, W* und, W* lt)
{
    const W d1 = s ^ n1, d2 = s ^ n2, d3 = s ^ n3, d4 = s ^ n4;
    // Count anti-aligned neighbours in three bit planes c2 c1 c0.
    const W a = d1 ^ d2, b = d1 & d2, c = d3 ^ d4, d = d3 & d4;
    const W c0 = a ^ c, carry = a & c;
    const W c1 = b ^ d ^ carry;
    const W c2 = (b & d) | (b & carry) | (d & carry);
    const W cls[5] = {~(c0 | c1 | c2), c0 & ~c1 & ~c2, ~c0 & c1, c0 & c1, c2};
    accept = W{} ^ W {};
    for (int v = 0; v <= 4; ++v)
        if (th.always[v]) accept |= cls[v];
    for (int q = 0; q < 2; ++q) {
        und[q] = q < th.slots ? cls[th.cls[q]] : (W{} ^ W{});
        lt[q] = W{} ^ W {};
    }
    for (int p = 0; p < kFirstPlanes; ++p) {
        const W r = loadWords<W>(planes + 8 * p);
        for (int q = 0; q < 2; ++q) {
            const std::uint64_t digit = th.digit[q][p];
            lt[q] |= und[q] & ~r & digit; // u has 0 where P has 1: u < P decided
            und[q] &= r ^ ~digit;         // still equal so far
        }
    }
}

// Planes kFirstPlanes…31 for lanes the bulk planes left open (rare), from their own blocks.
std::uint64_t finishDecision(std::uint64_t und0, std::uint64_t und1, std::uint64_t lt0, std::uint64_t lt1,
                             const ClassThresholds& th, const SiteRandomKey& key, std::uint32_t blockBase,
                             std::uint32_t sweep)
{
    std::uint64_t und[2] = {und0, und1}, lt[2] = {lt0, lt1};
    for (int m = 0; m < kExtraBlocks && (und[0] | und[1]); ++m) {
        const auto w = key.block(blockBase + std::uint32_t(m), sweep);
        for (int h = 0; h < 2; ++h) {
            const int p = kFirstPlanes + 2 * m + h;
            const std::uint64_t r = std::uint64_t(w[2 * h]) | std::uint64_t(w[2 * h + 1]) << 32;
            for (int q = 0; q < 2; ++q) {
                const std::uint64_t digit = th.digit[q][p];
                lt[q] |= und[q] & ~r & digit;
                und[q] &= r ^ ~digit;
            }
        }
    }
    return lt[0] | lt[1]; // lanes equal in all 32 digits: u = P, not below it
}

struct RowJob {
    std::uint64_t* own;
    const std::uint64_t *up, *down, *mid; // mid[−1 … n]
    int shift, n, stride;
    const std::uint64_t* planes;
    const ClassThresholds* th;
    const SiteRandomKey* extraKey;
    std::uint32_t extraBase; // extra-plane block of word 0 of this row
    std::uint32_t sweep;
};

void updateRowScalar(const RowJob& j)
{
    for (int k = 0; k < j.n; ++k) {
        const std::uint64_t* planes = j.planes + 8 * kFirstPlanes * (k / 8) + (k % 8);
        std::uint64_t accept, und[2], lt[2];
        decideFirstPlanes<std::uint64_t>(j.own[k], j.up[k], j.down[k], j.mid[k], j.mid[k + j.shift], planes, *j.th,
                                         accept, und, lt);
        if (und[0] | und[1])
            accept |= finishDecision(und[0], und[1], lt[0], lt[1], *j.th, *j.extraKey,
                                     j.extraBase + std::uint32_t(kExtraBlocks * k), j.sweep);
        else
            accept |= lt[0] | lt[1];
        j.own[k] ^= accept;
    }
}

#ifdef DLAB_HAVE_AVX512_PATH
DLAB_SIMD_REGION_BEGIN(DLAB_AVX512)

typedef std::uint64_t u64x8 __attribute__((vector_size(64)));

void updateRowAvx512(const RowJob& j)
{
    for (int k0 = 0; k0 < j.n; k0 += 8) {
        const u64x8 s = loadWords<u64x8>(j.own + k0);
        u64x8 accept, und[2], lt[2];
        decideFirstPlanes<u64x8>(s, loadWords<u64x8>(j.up + k0), loadWords<u64x8>(j.down + k0),
                                 loadWords<u64x8>(j.mid + k0), loadWords<u64x8>(j.mid + k0 + j.shift),
                                 j.planes + kFirstPlanes * k0, *j.th, accept, und, lt);
        accept |= lt[0] | lt[1];
        const __m512i open = __m512i(und[0] | und[1]);
        const int m = std::min(8, j.n - k0);
        const __mmask8 valid = __mmask8((1u << m) - 1u);
        __mmask8 fix = _mm512_test_epi64_mask(open, open) & valid;
        if (fix) {
            std::uint64_t out[8];
            std::memcpy(out, &accept, 64);
            while (fix) {
                const int i = __builtin_ctz(fix);
                fix &= __mmask8(fix - 1);
                out[i] |= finishDecision(und[0][i], und[1][i], lt[0][i], lt[1][i], *j.th, *j.extraKey,
                                         j.extraBase + std::uint32_t(kExtraBlocks * (k0 + i)), j.sweep);
            }
            accept = loadWords<u64x8>(out);
        }
        // Padding words never flip.
        const __m512i result = _mm512_mask_xor_epi64(__m512i(s), valid, __m512i(s), __m512i(accept));
        _mm512_storeu_si512(j.own + k0, result);
    }
}

DLAB_SIMD_REGION_END
#endif

// Per-lane counters kept as bit planes: adding a word costs about two operations.
struct LaneCounter {
    std::uint64_t plane[32] = {};
    void add(std::uint64_t x)
    {
        for (int p = 0; x && p < 32; ++p) {
            const std::uint64_t carry = plane[p] & x;
            plane[p] ^= x;
            x = carry;
        }
    }
    std::array<long long, 64> counts() const
    {
        std::array<long long, 64> c{};
        for (int r = 0; r < 64; ++r)
            for (int p = 0; p < 32; ++p)
                c[r] += (long long)((plane[p] >> r) & 1u) << p;
        return c;
    }
};

} // namespace

MultiSpinIsing::MultiSpinIsing(int L, double t0, RngStream rng, bool hotStart)
    : m_L(L), m_half(L / 2), m_stride((L / 2 + 7) / 8 * 8),
      m_planesKey(SiteRandomKey::from(rng, SiteRandomPurpose::MultiSpinPlanes)),
      m_extraKey(SiteRandomKey::from(rng, SiteRandomPurpose::MultiSpinExtraPlanes))
{
    if (L < 2 || L > 8192 || L % 2 != 0)
        throw ParameterError("L", "multi-spin coding needs an even L from 2 to 8192 (got " + std::to_string(L) + ")");
    setCoupling(t0);
    m_words.assign(std::size_t(2) * L * m_stride, 0);
    if (hotStart)
        for (int c = 0; c < 2; ++c)
            for (int y = 0; y < L; ++y)
                for (int k = 0; k < m_half; ++k)
                    row(c, y)[k] = rng.nextU64();
}

void MultiSpinIsing::setCoupling(double t0)
{
    requireInRange("t0", t0, -20.0, 20.0);
    m_t0 = t0;
}

void MultiSpinIsing::sweeps(int n)
{
    for (int i = 0; i < n; ++i) {
        const auto sweep = std::uint32_t(m_sweepIndex++);
        sweepColour(0, sweep);
        sweepColour(1, sweep);
    }
}

void MultiSpinIsing::sweepColour(int colour, std::uint32_t sweep)
{
    const ClassThresholds th(m_t0);
    const int L = m_L, n = m_half, stride = m_stride, other = 1 - colour;
    // A batch of 16 blocks is 256 bytes = 32 planes; a group of 8 words needs 8·kFirstPlanes.
    const int batchesPerRow = stride / 8 * kFirstPlanes / 4;
    const std::uint32_t blocksPerRow = 16u * std::uint32_t(batchesPerRow);
#ifdef DLAB_HAVE_AVX512_PATH
    const bool vector = useAvx512Kernels();
#endif
    auto body = [&](const tbb::blocked_range<int>& rows) {
        std::vector<std::uint64_t> planes(std::size_t(stride) * kFirstPlanes);
        std::vector<std::uint64_t> midBuffer(std::size_t(stride) + 16, 0);
        for (int y = rows.begin(); y < rows.end(); ++y) {
            const std::uint32_t label = std::uint32_t(colour * L + y);
            philoxBatches(m_planesKey, label * blocksPerRow, batchesPerRow, sweep,
                          reinterpret_cast<std::uint32_t*>(planes.data()));
            const std::uint64_t* sameRow = row(other, y);
            std::uint64_t* mid = midBuffer.data() + 1;
            std::memcpy(mid, sameRow, sizeof(std::uint64_t) * std::size_t(n));
            mid[-1] = sameRow[n - 1];
            mid[n] = sameRow[0];
            const RowJob job{row(colour, y),
                             row(other, y + 1 == L ? 0 : y + 1),
                             row(other, y == 0 ? L - 1 : y - 1),
                             mid,
                             ((colour + y) & 1) ? +1 : -1,
                             n,
                             stride,
                             planes.data(),
                             &th,
                             &m_extraKey,
                             label * std::uint32_t(n) * std::uint32_t(kExtraBlocks),
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
    const int grain = std::max(1, 2048 / std::max(1, n));
    if (L <= grain)
        body(tbb::blocked_range<int>(0, L));
    else
        tbb::parallel_for(tbb::blocked_range<int>(0, L, grain), body, tbb::simple_partitioner());
}

std::array<long long, 64> MultiSpinIsing::antiAlignedLinks() const
{
    // Every link joins a colour-0 site to a colour-1 site: count the four links of each colour-0 site.
    LaneCounter counter;
    for (int y = 0; y < m_L; ++y) {
        const std::uint64_t *own = row(0, y), *same = row(1, y), *up = row(1, (y + 1) % m_L),
                            *down = row(1, (y + m_L - 1) % m_L);
        const int shift = (y & 1) ? +1 : -1;
        for (int k = 0; k < m_half; ++k) {
            const int ks = (k + shift + m_half) % m_half;
            counter.add(own[k] ^ same[k]);
            counter.add(own[k] ^ same[ks]);
            counter.add(own[k] ^ up[k]);
            counter.add(own[k] ^ down[k]);
        }
    }
    return counter.counts();
}

std::array<long long, 64> MultiSpinIsing::downSpins() const
{
    LaneCounter counter;
    for (int c = 0; c < 2; ++c)
        for (int y = 0; y < m_L; ++y)
            for (int k = 0; k < m_half; ++k)
                counter.add(row(c, y)[k]);
    return counter.counts();
}

std::array<double, 64> MultiSpinIsing::energyPerSite() const
{
    const auto anti = antiAlignedLinks();
    const double N = double(m_L) * m_L;
    std::array<double, 64> e{};
    for (int r = 0; r < 64; ++r)
        e[r] = -(2.0 * N - 2.0 * double(anti[r])) / N;
    return e;
}

std::array<double, 64> MultiSpinIsing::magnetization() const
{
    const auto down = downSpins();
    const double N = double(m_L) * m_L;
    std::array<double, 64> m{};
    for (int r = 0; r < 64; ++r)
        m[r] = (N - 2.0 * double(down[r])) / N;
    return m;
}

SpinConfiguration MultiSpinIsing::replica(int r) const
{
    SpinConfiguration s(m_L);
    for (int y = 0; y < m_L; ++y)
        for (int x = 0; x < m_L; ++x)
            s[x + m_L * y] = ((row((x + y) & 1, y)[x / 2] >> r) & 1u) ? -1 : 1;
    return s;
}

void MultiSpinIsing::setReplica(int r, const SpinConfiguration& s)
{
    if (s.size() != m_L) throw ParameterError("L", "replica size differs from the multi-spin lattice");
    const std::uint64_t bit = std::uint64_t(1) << r;
    for (int y = 0; y < m_L; ++y)
        for (int x = 0; x < m_L; ++x) {
            std::uint64_t& w = row((x + y) & 1, y)[x / 2];
            w = s.at(x, y) < 0 ? (w | bit) : (w & ~bit);
        }
}

} // namespace dlab
