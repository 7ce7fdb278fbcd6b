#include "DualFramesCli.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <cmath>
#include <sstream>

namespace dlab::cli {

std::vector<double> realList(const Arguments& a, const std::string& name, const std::vector<double>& fallback,
                             double lo, double hi)
{
    std::ostringstream defaults;
    for (std::size_t i = 0; i < fallback.size(); ++i)
        defaults << (i ? "," : "") << fallback[i];
    const std::string text = a.text(name, defaults.str()); // also lists the option under --help
    if (!a.has(name)) return fallback;
    const std::vector<double> values = parseValueList(text, name);
    for (double v : values)
        requireInRange(name, v, lo, hi);
    return values;
}

std::vector<int> integerList(const Arguments& a, const std::string& name, const std::vector<int>& fallback, int lo,
                             int hi)
{
    const std::vector<double> values =
        realList(a, name, std::vector<double>(fallback.begin(), fallback.end()), double(lo), double(hi));
    std::vector<int> out;
    for (double v : values) {
        if (v != std::floor(v)) throw ParameterError(name, "values must be whole numbers");
        out.push_back(int(v));
    }
    return out;
}

} // namespace dlab::cli
