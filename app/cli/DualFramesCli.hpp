#pragma once
// Pieces the dual-frames commands (classify-temperature, spin-chain,
// fourier-separation) and their bench section share.

#include "Arguments.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/experiments/Experiment.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dlab::cli {

// A comma-separated list of whole numbers in [lo, hi] (e.g. --train 600,3000,9500).
std::vector<int> integerList(const Arguments& a, const std::string& name, const std::vector<int>& fallback, int lo,
                             int hi);
// A comma-separated (or start:stop:step) list of reals in [lo, hi].
std::vector<double> realList(const Arguments& a, const std::string& name, const std::vector<double>& fallback,
                             double lo, double hi);

// Steps `experiment` until it is done (the caller limits the threads).
template <class E> void runToEnd(E& experiment)
{
    Feedback feedback;
    while (!experiment.done())
        experiment.step(feedback);
}

// NaN (not yet measured) as JSON null.
inline nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

} // namespace dlab::cli
