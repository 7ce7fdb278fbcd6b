#include "LineFit.hpp"

#include <cmath>

namespace dlab::autoregressive {

LineFit fitLine(const Eigen::VectorXd& x, const Eigen::VectorXd& y)
{
    LineFit f;
    const Eigen::Index n = std::min(x.size(), y.size());
    if (n < 3) return f;
    const double mx = x.head(n).mean(), my = y.head(n).mean();
    const Eigen::ArrayXd dx = x.head(n).array() - mx, dy = y.head(n).array() - my;
    const double sxx = dx.square().sum(), sxy = (dx * dy).sum(), syy = dy.square().sum();
    if (!(sxx > 0)) return f;
    f.points = n;
    f.slope = sxy / sxx;
    f.intercept = my - f.slope * mx;
    const double ssRes = (dy - f.slope * dx).square().sum();
    f.r2 = syy > 0 ? 1 - ssRes / syy : 1;
    const double s2 = ssRes / double(n - 2);
    f.slopeError = std::sqrt(s2 / sxx);
    f.interceptError = std::sqrt(s2 * (1.0 / double(n) + mx * mx / sxx));
    return f;
}

} // namespace dlab::autoregressive
