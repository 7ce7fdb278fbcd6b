#pragma once
// Shared by the dual-frames engine tests: running a staged experiment to its
// end, and the margin a gap between two classifiers must clear.

#include "engine/core/Feedback.hpp"

#include <cmath>
#include <vector>

namespace dlab::test {

template <class E> auto runToEnd(E& experiment)
{
    Feedback feedback;
    for (long guard = 0; !experiment.done() && guard < 10'000'000; ++guard)
        experiment.step(feedback);
    return experiment.current();
}

// The mean of gaps measured over repeated seeds and three standard errors
// of that mean: "A beats B" when mean > margin.
struct GapOverSeeds {
    double mean = 0, margin = 0;
};
inline GapOverSeeds gapOverSeeds(const std::vector<double>& gaps)
{
    GapOverSeeds g;
    const double n = double(gaps.size());
    for (double x : gaps)
        g.mean += x / n;
    double var = 0;
    for (double x : gaps)
        var += (x - g.mean) * (x - g.mean) / (n - 1);
    g.margin = 3 * std::sqrt(var / n);
    return g;
}

} // namespace dlab::test
