#include "widgets/Ticks.hpp"

#include <algorithm>
#include <cmath>

namespace dlab::widgets {

std::vector<double> niceTicks(double lo, double hi, int target)
{
    std::vector<double> ticks;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    const double raw = (hi - lo) / std::max(1, target);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double r = raw / mag;
    const double step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
    for (long long k = (long long)std::ceil(lo / step - 1e-9); double(k) * step <= hi + step * 1e-9; ++k)
        ticks.push_back(double(k) * step);
    return ticks;
}

} // namespace dlab::widgets
