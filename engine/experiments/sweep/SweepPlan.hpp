#pragma once
// Which process runs which grid point of a sweep. Points are independent (each
// keeps its own seed), so the split changes only the wall time, never a result.

#include <vector>

namespace dlab::sweep {

// Owner (0 … workers − 1) of each point: the most expensive point first, each
// to the worker with the least expected work so far (longest processing time
// first; ties to the lower worker). Costs are relative and must be finite and
// ≥ 0; the same costs and worker count always give the same split.
std::vector<int> assignByCost(const std::vector<double>& cost, int workers);

// The points `worker` owns, most expensive first (the order to start them in).
std::vector<int> pointsOf(const std::vector<int>& owner, const std::vector<double>& cost, int worker);

} // namespace dlab::sweep
