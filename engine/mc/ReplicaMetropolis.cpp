#include "engine/mc/ReplicaMetropolis.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/GeneralAcceptTable.hpp"
#include "engine/mc/PhiloxBatch.hpp"
#include "engine/mc/SimdSupport.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstring>

#include "engine/mc/SimdRegion.hpp"

#ifdef DLAB_HAVE_AVX512_PATH
DLAB_SIMD_REGION_BEGIN(DLAB_AVX512_VBMI)
#include "engine/mc/GeneralAcceptAvx512.hpp"
DLAB_SIMD_REGION_END
#endif

namespace dlab {
namespace {

// One site of 64 chains: spins at s[nb[k]·64 + lane].
struct SiteJob {
    std::int8_t* spins; // the group's spins, site-major
    const int* nb;      // 8 neighbour sites
    int site;
    const std::uint8_t* rnd; // 64 random bytes, one per lane
    const GeneralAcceptTable* table;
    const SiteRandomKey* refineKey;
    std::uint32_t sweep;
};

inline int laneIndex(const SiteJob& j, int lane)
{
    auto at = [&](int k) { return int(j.spins[std::size_t(j.nb[k]) * 64 + lane]); };
    const int s = j.spins[std::size_t(j.site) * 64 + lane];
    const int r = at(0), l = at(1), u = at(2), d = at(3), ru = at(4), lu = at(5), ld = at(6), rd = at(7);
    const int nn = r + l + u + d;
    const int plaq = r * ru * u + u * lu * l + l * ld * d + d * rd * r;
    const int diag = ru + lu + ld + rd;
    return GeneralAcceptTable::index(s * nn, s * plaq, s * diag);
}

inline bool refineAccept(const SiteJob& j, int lane, int idx)
{
    const std::uint32_t w =
        j.refineKey->block(std::uint32_t(j.site) * 64u + std::uint32_t(lane), j.sweep)[0] & 0xFFFFFFu;
    return w < j.table->low24[idx];
}

void updateSiteScalar(const SiteJob& j)
{
    const auto& tab = *j.table;
    std::int8_t* own = j.spins + std::size_t(j.site) * 64;
    for (int lane = 0; lane < 64; ++lane) {
        const int idx = laneIndex(j, lane);
        bool accept;
        if (tab.always[idx])
            accept = true;
        else if (j.rnd[lane] != tab.high8[idx])
            accept = j.rnd[lane] < tab.high8[idx];
        else
            accept = refineAccept(j, lane, idx);
        if (accept) own[lane] = std::int8_t(-own[lane]);
    }
}

#ifdef DLAB_HAVE_AVX512_PATH
DLAB_SIMD_REGION_BEGIN(DLAB_AVX512_VBMI)

inline __attribute__((always_inline)) void updateSiteAvx512(const SiteJob& j, const GeneralAcceptAvx512& v)
{
    auto at = [&](int k) { return _mm512_load_si512(j.spins + std::size_t(j.nb[k]) * 64); };
    std::int8_t* own = j.spins + std::size_t(j.site) * 64;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i s = _mm512_load_si512(own);
    __m512i h;
    __mmask64 sure;
    v.classify(s, at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), h, sure);
    const __m512i rn = _mm512_loadu_si512(j.rnd);
    __mmask64 accept = sure | _mm512_cmplt_epu8_mask(rn, h);
    __mmask64 tie = _mm512_cmpeq_epi8_mask(rn, h) & ~sure;
    while (tie) {
        const int lane = __builtin_ctzll(tie);
        tie &= tie - 1;
        if (refineAccept(j, lane, laneIndex(j, lane))) accept |= __mmask64(1) << lane;
    }
    _mm512_store_si512(own, _mm512_mask_sub_epi8(s, accept, zero, s));
}

void sweepSitesAvx512(SiteJob j, int from, int to, const std::vector<std::array<int, 8>>& nb, const std::uint8_t* rnd)
{
    const GeneralAcceptAvx512 v(*j.table);
    for (int i = from; i < to; ++i) {
        j.site = i;
        j.nb = nb[std::size_t(i)].data();
        j.rnd = rnd + std::size_t(i - from) * 64;
        updateSiteAvx512(j, v);
    }
}

DLAB_SIMD_REGION_END
#endif

// out[k·outStride + j] = in[j·inStride + k] for j, k < 8: rows of 8 bytes
// swapped in three stages (bytes, byte pairs, halves; little-endian words).
void transpose8x8(const std::int8_t* in, std::size_t inStride, std::int8_t* out, std::size_t outStride)
{
    std::uint64_t r[8];
    for (int j = 0; j < 8; ++j)
        std::memcpy(&r[j], in + j * inStride, 8);
    auto swap = [&](int a, int b, int shift, std::uint64_t mask) {
        const std::uint64_t t = ((r[a] >> shift) ^ r[b]) & mask;
        r[b] ^= t;
        r[a] ^= t << shift;
    };
    for (int a : {0, 2, 4, 6})
        swap(a, a + 1, 8, 0x00FF00FF00FF00FFull);
    for (int a : {0, 1, 4, 5})
        swap(a, a + 2, 16, 0x0000FFFF0000FFFFull);
    for (int a : {0, 1, 2, 3})
        swap(a, a + 4, 32, 0x00000000FFFFFFFFull);
    for (int k = 0; k < 8; ++k)
        std::memcpy(out + k * outStride, &r[k], 8);
}

} // namespace

ReplicaMetropolis::ReplicaMetropolis(int L, int chains, IsingCouplings t, std::uint64_t seed, std::uint64_t firstStream,
                                     bool coldStart)
    : m_L(L), m_chains(chains), m_groups((chains + groupSize - 1) / groupSize)
{
    const SquareLattice lat(L);
    requireInRange("chains", chains, 1, 1 << 24);
    setCouplings(t);
    const int N = lat.sites();
    m_neighbours.resize(std::size_t(N));
    for (int i = 0; i < N; ++i) {
        const int x = lat.x(i), y = lat.y(i);
        m_neighbours[std::size_t(i)] = {lat.site(x + 1, y),     lat.site(x - 1, y),     lat.site(x, y + 1),
                                        lat.site(x, y - 1),     lat.site(x + 1, y + 1), lat.site(x - 1, y + 1),
                                        lat.site(x - 1, y - 1), lat.site(x + 1, y - 1)};
    }
    m_spins.assign(std::size_t(m_groups) * std::size_t(N) * groupSize, 1);
    for (int g = 0; g < m_groups; ++g) {
        RngStream rng(seed, firstStream + std::uint64_t(g));
        m_bytesKey.push_back(SiteRandomKey::from(rng, SiteRandomPurpose::ReplicaBytes));
        m_refineKey.push_back(SiteRandomKey::from(rng, SiteRandomPurpose::ReplicaRefine));
        if (!coldStart) {
            std::int8_t* base = m_spins.data() + std::size_t(g) * N * groupSize;
            for (int i = 0; i < N * groupSize; i += 32) {
                const std::uint32_t bits = rng.nextU32();
                for (int b = 0; b < 32 && i + b < N * groupSize; ++b)
                    base[i + b] = (bits >> b) & 1u ? 1 : -1;
            }
        }
    }
}

void ReplicaMetropolis::setCouplings(const IsingCouplings& t)
{
    t.validate();
    m_t = t;
    m_table = std::make_shared<const GeneralAcceptTable>(t);
}

void ReplicaMetropolis::sweeps(int n, int firstChains)
{
    requireInRange("chains to sweep", firstChains, 1, m_chains);
    const int groups = (firstChains + groupSize - 1) / groupSize;
    for (int k = 0; k < n; ++k) {
        const auto sweep = std::uint32_t(m_sweepIndex++);
        if (groups == 1)
            sweepGroup(0, sweep);
        else
            tbb::parallel_for(0, groups, [&](int g) { sweepGroup(g, sweep); });
    }
}

void ReplicaMetropolis::sweepGroup(int group, std::uint32_t sweep)
{
    const int N = sites();
    const GeneralAcceptTable& table = *m_table;
    std::int8_t* spins = m_spins.data() + std::size_t(group) * N * groupSize;
    SiteJob job{spins, nullptr, 0, nullptr, &table, &m_refineKey[std::size_t(group)], sweep};
#ifdef DLAB_HAVE_AVX512_PATH
    const bool vector = useAvx512VbmiKernels();
#endif
    // Random bytes for 64 sites at a time: site i's 64 bytes are bytes
    // 64(i − i0) … of the blocks 4·i0 … 4·i0 + 255 (i0 a multiple of 64).
    alignas(64) std::uint32_t words[64 * 16];
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(words);
    for (int i0 = 0; i0 < N; i0 += 64) {
        philoxBatches(m_bytesKey[std::size_t(group)], std::uint32_t(i0) * 4u, 16, sweep, words);
        const int i1 = std::min(N, i0 + 64);
#ifdef DLAB_HAVE_AVX512_PATH
        if (vector) {
            sweepSitesAvx512(job, i0, i1, m_neighbours, bytes);
            continue;
        }
#endif
        for (int i = i0; i < i1; ++i) {
            job.site = i;
            job.nb = m_neighbours[std::size_t(i)].data();
            job.rnd = bytes + std::size_t(i - i0) * 64;
            updateSiteScalar(job);
        }
    }
}

SpinConfiguration ReplicaMetropolis::configuration(int chain) const
{
    SpinConfiguration s(m_L);
    copySpins(chain, s.data());
    return s;
}

void ReplicaMetropolis::copySpins(int chain, std::int8_t* out) const
{
    requireInRange("chain", chain, 0, m_chains - 1);
    const std::int8_t* base = m_spins.data();
    for (int i = 0; i < sites(); ++i)
        out[i] = base[offset(chain, i)];
}

void ReplicaMetropolis::setConfiguration(int chain, const SpinConfiguration& s)
{
    requireInRange("chain", chain, 0, m_chains - 1);
    if (s.size() != m_L) throw ParameterError("L", "configuration size differs from the ensemble's");
    setSpins(chain, s.data());
}

void ReplicaMetropolis::setSpins(int chain, const std::int8_t* in)
{
    requireInRange("chain", chain, 0, m_chains - 1);
    std::int8_t* base = m_spins.data();
    for (int i = 0; i < sites(); ++i)
        base[offset(chain, i)] = in[i];
}

void ReplicaMetropolis::copyChain(int from, int to)
{
    requireInRange("chain", from, 0, m_chains - 1);
    requireInRange("chain", to, 0, m_chains - 1);
    std::int8_t* base = m_spins.data();
    for (int i = 0; i < sites(); ++i)
        base[offset(to, i)] = base[offset(from, i)];
}

void ReplicaMetropolis::copyChains(int count, std::int8_t* out) const
{
    requireInRange("chains to copy", count, 0, m_chains);
    const int N = sites();
    const int groups = (count + groupSize - 1) / groupSize;
    tbb::parallel_for(0, groups, [&](int g) {
        const std::int8_t* in = m_spins.data() + std::size_t(g) * N * groupSize;
        const int lanes = std::min(groupSize, count - g * groupSize);
        std::int8_t* chain0 = out + std::size_t(g) * groupSize * N;
        // Blocks of 8 sites × 8 lanes as eight 64-bit words (one byte-wise
        // copy cost as much as the Metropolis sweep itself), the rest byte by byte.
        const int sites8 = N & ~7, lanes8 = lanes & ~7;
        for (int l = 0; l < lanes8; l += 8)
            for (int i = 0; i < sites8; i += 8)
                transpose8x8(in + std::size_t(i) * groupSize + l, groupSize, chain0 + std::size_t(l) * N + i, N);
        for (int lane = 0; lane < lanes; ++lane) {
            std::int8_t* chain = chain0 + std::size_t(lane) * N;
            for (int i = lane < lanes8 ? sites8 : 0; i < N; ++i)
                chain[i] = in[std::size_t(i) * groupSize + lane];
        }
    });
}

} // namespace dlab
