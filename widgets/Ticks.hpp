#pragma once
// Axis ticks at round values (multiples of 1, 2 or 5 × 10^k).

#include <functional>
#include <vector>

namespace dlab::widgets {

// Round tick values covering [lo, hi], about `target` of them; each is k·step
// computed by one multiplication, so 0 is exactly 0.
std::vector<double> niceTicks(double lo, double hi, int target = 6);

// How much room a tick label has along its axis.
enum class LabelRoom {
    Spacing,   // the distance to its neighbour
    AxisShare, // also at most length / (ticks + 1): Qt Charts elides a
               // horizontal category-axis label wider than that to "..."
};

// niceTicks with the most ticks (at most `target`) whose labels, `extent(v)`
// pixels each along an axis `length` pixels long, keep `gap` pixels between
// neighbours: a fixed count crowds labels into each other on narrow plots.
std::vector<double> fittingTicks(double lo, double hi, double length, const std::function<double(double)>& extent,
                                 double gap = 6, int target = 6, LabelRoom room = LabelRoom::Spacing);

} // namespace dlab::widgets
