#pragma once
// Least-squares line y ≈ slope·x + intercept, with the coefficient of
// determination r² = 1 − SS_res/SS_tot and the standard errors of slope and
// intercept from the residual scatter.

#include <Eigen/Core>

namespace dlab::autoregressive {

struct LineFit {
    double slope = 0, intercept = 0, r2 = 0;
    double slopeError = 0, interceptError = 0;
    long long points = 0;
};

// Needs ≥ 3 points and x not constant (otherwise everything stays 0).
LineFit fitLine(const Eigen::VectorXd& x, const Eigen::VectorXd& y);

} // namespace dlab::autoregressive
