#include "DualFramesCli.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <cmath>

namespace dlab::cli {

std::vector<double> realList(const Arguments& a, const std::string& name, const std::vector<double>& fallback,
                             double lo, double hi)
{
    if (!a.has(name)) return fallback;
    const std::vector<double> values = parseValueList(a.text(name, ""), name);
    for (double v : values)
        requireInRange(name, v, lo, hi);
    return values;
}

std::vector<int> integerList(const Arguments& a, const std::string& name, const std::vector<int>& fallback, int lo,
                             int hi)
{
    if (!a.has(name)) return fallback;
    std::vector<int> out;
    for (double v : realList(a, name, {}, lo, hi)) {
        if (v != std::floor(v)) throw ParameterError(name, "values must be whole numbers");
        out.push_back(int(v));
    }
    return out;
}

} // namespace dlab::cli
