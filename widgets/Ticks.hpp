#pragma once
// Axis ticks at round values (multiples of 1, 2 or 5 × 10^k).

#include <vector>

namespace dlab::widgets {

// Round tick values covering [lo, hi], about `target` of them; each is k·step
// computed by one multiplication, so 0 is exactly 0.
std::vector<double> niceTicks(double lo, double hi, int target = 6);

} // namespace dlab::widgets
