#include "engine/experiments/sweep/SweepPlan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace dlab::sweep {

std::vector<int> handOutOrder(const std::vector<double>& cost)
{
    for (double c : cost)
        if (!std::isfinite(c) || c < 0)
            throw std::invalid_argument("sweep costs must be finite and >= 0 (got " + std::to_string(c) + ")");
    std::vector<int> order(cost.size());
    std::iota(order.begin(), order.end(), 0);
    // Stable: equal costs stay in index order, so the order never depends on the sort.
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return cost[std::size_t(a)] > cost[std::size_t(b)]; });
    return order;
}

PointDispenser::PointDispenser(const std::vector<double>& cost, int takers)
    : m_order(handOutOrder(cost)), m_takers(takers)
{
    if (takers < 1) throw std::invalid_argument("PointDispenser: need at least one taker");
}

std::vector<int> PointDispenser::take(int wanted)
{
    const int share = std::max(1, remaining() / (2 * m_takers));
    const int count = std::min({std::max(1, wanted), share, remaining()});
    std::vector<int> out(m_order.begin() + std::ptrdiff_t(m_next), m_order.begin() + std::ptrdiff_t(m_next + count));
    m_next += std::size_t(count);
    return out;
}

} // namespace dlab::sweep
