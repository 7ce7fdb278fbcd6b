#include "engine/mc/MultiSpinIsing.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/MultiSpinRow.hpp"
#include "engine/mc/PhiloxBatch.hpp"
#include "engine/mc/SimdSupport.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstring>

namespace dlab {
namespace {

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
      m_seedKey(SiteRandomKey::from(rng, SiteRandomPurpose::MultiSpinRowSeeds))
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

const char* MultiSpinIsing::kernelName()
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (useAvx512Kernels()) return "avx512";
    if (useAvx2Kernels()) return "avx2";
#endif
    return "scalar";
}

void MultiSpinIsing::sweepColour(int colour, std::uint32_t sweep)
{
    const multispin::Thresholds th(m_t0);
    const int L = m_L, n = m_half, other = 1 - colour;
    auto update = &multispin::updateRowScalar;
#if defined(__x86_64__) && defined(__GNUC__)
    if (useAvx512Kernels())
        update = &multispin::updateRowAvx512;
    else if (useAvx2Kernels())
        update = &multispin::updateRowAvx2;
#endif
    auto body = [&](const tbb::blocked_range<int>& rows) {
        // One Philox batch (16 blocks, 64 words) seeds a row's eight lanes; block
        // numbers name (colour, row), the counter's second word the sweep.
        std::vector<std::uint32_t> seeds(std::size_t(64) * std::size_t(rows.size()));
        philoxBatches(m_seedKey, std::uint32_t(16 * (colour * L + rows.begin())), int(rows.size()), sweep,
                      seeds.data());
        std::vector<std::uint64_t> midBuffer(std::size_t(m_stride) + 16, 0);
        multispin::RowLanes lanes;
        for (int y = rows.begin(); y < rows.end(); ++y) {
            lanes.seed(seeds.data() + 64 * std::size_t(y - rows.begin()));
            const std::uint64_t* sameRow = row(other, y);
            std::uint64_t* mid = midBuffer.data() + 1;
            std::memcpy(mid, sameRow, sizeof(std::uint64_t) * std::size_t(n));
            mid[-1] = sameRow[n - 1];
            mid[n] = sameRow[0];
            const multispin::Row job{row(colour, y),
                                     row(other, y + 1 == L ? 0 : y + 1),
                                     row(other, y == 0 ? L - 1 : y - 1),
                                     mid,
                                     ((colour + y) & 1) ? +1 : -1,
                                     n,
                                     &th};
            update(job, lanes);
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
