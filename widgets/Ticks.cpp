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

std::vector<double> fittingTicks(double lo, double hi, double length, const std::function<double(double)>& extent,
                                 double gap, int target, LabelRoom room)
{
    std::vector<double> ticks;
    for (int t = std::max(1, target); t >= 1; --t) {
        ticks = niceTicks(lo, hi, t);
        if (ticks.size() < 2) break;
        const double spacing = (ticks[1] - ticks[0]) / (hi - lo) * length;
        const double share = room == LabelRoom::AxisShare ? length / double(ticks.size() + 1) : spacing;
        double widest = 0;
        for (double v : ticks)
            widest = std::max(widest, extent(v));
        if (std::min(spacing, share) >= widest + gap) break;
    }
    return ticks;
}

} // namespace dlab::widgets
