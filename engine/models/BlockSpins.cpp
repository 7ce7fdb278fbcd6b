#include "engine/models/BlockSpins.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>

namespace dlab {

BlockSpins::BlockSpins(int L, int n) : m_L(L), m_n(n)
{
    requireInRange("L", L, 1, 1 << 15);
    requireInRange("blocks per side", n, 1, L);
    m_blockOfSite.resize(std::size_t(L) * L);
    std::vector<int> count(std::size_t(n) * n, 0);
    for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
            const int b = int(std::int64_t(x) * n / L) + n * int(std::int64_t(y) * n / L);
            m_blockOfSite[std::size_t(x + L * y)] = b;
            ++count[std::size_t(b)];
        }
    m_inverseCount.resize(count.size());
    std::transform(count.begin(), count.end(), m_inverseCount.begin(), [](int c) { return 1.0 / c; });
}

void BlockSpins::average(const std::int8_t* spins, double* out) const
{
    std::fill(out, out + blocks(), 0.0);
    for (std::size_t i = 0; i < m_blockOfSite.size(); ++i)
        out[m_blockOfSite[i]] += spins[i] * m_inverseCount[std::size_t(m_blockOfSite[i])];
}

} // namespace dlab
