#include "engine/experiments/sweep/SweepPlan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace dlab::sweep {
namespace {

// Most expensive first; equal costs in index order, so the plan never depends on the sort.
std::vector<int> byCostDescending(std::vector<int> points, const std::vector<double>& cost)
{
    std::stable_sort(points.begin(), points.end(), [&](int a, int b) { return cost[a] > cost[b]; });
    return points;
}

} // namespace

std::vector<int> assignByCost(const std::vector<double>& cost, int workers)
{
    if (workers < 1) throw std::invalid_argument("assignByCost: need at least one worker");
    for (double c : cost)
        if (!std::isfinite(c) || c < 0)
            throw std::invalid_argument("assignByCost: costs must be finite and >= 0 (got " + std::to_string(c) + ")");
    std::vector<int> all(cost.size());
    std::iota(all.begin(), all.end(), 0);
    std::vector<int> owner(cost.size(), 0);
    std::vector<double> load(std::size_t(workers), 0.0);
    for (int i : byCostDescending(all, cost)) {
        const int w = int(std::min_element(load.begin(), load.end()) - load.begin());
        owner[std::size_t(i)] = w;
        load[std::size_t(w)] += cost[std::size_t(i)];
    }
    return owner;
}

std::vector<int> pointsOf(const std::vector<int>& owner, const std::vector<double>& cost, int worker)
{
    std::vector<int> mine;
    for (int i = 0; i < int(owner.size()); ++i)
        if (owner[std::size_t(i)] == worker) mine.push_back(i);
    return byCostDescending(mine, cost);
}

} // namespace dlab::sweep
