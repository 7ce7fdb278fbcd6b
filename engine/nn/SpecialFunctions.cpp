#include "SpecialFunctions.hpp"

#include <cmath>
#include <numbers>

namespace dlab::nn {
namespace {

constexpr double kSeriesLimit = 15.0;

// I₀ and I₁ by their power series Σ (κ²/4)^k / (k! (k+ν)!), both of size
// ≤ e^15 here, so no scaling is needed.
void seriesI0I1(double x, double& i0, double& i1)
{
    const double q = 0.25 * x * x;
    double t0 = 1.0, t1 = 0.5 * x;
    i0 = t0;
    i1 = t1;
    for (int k = 1; k < 200; ++k) {
        t0 *= q / (double(k) * k);
        t1 *= q / (double(k) * (k + 1));
        i0 += t0;
        i1 += t1;
        if (t0 < 1e-17 * i0 && t1 < 1e-17 * i1) break;
    }
}

// Hankel's expansion I_ν(x) ≈ e^x/√(2πx) Σ_k (−1)^k a_k(ν)/x^k with
// a_k(ν) = Π_{j=1..k} (4ν² − (2j−1)²) / (k! 8^k); returns the sum, truncated
// where the terms stop shrinking (x ≥ 15 leaves an error below 1e-13).
double hankelSum(int nu, double x)
{
    const double mu = 4.0 * nu * nu;
    double term = 1.0, sum = 1.0;
    for (int k = 1; k < 60; ++k) {
        const double next = -term * (mu - double(2 * k - 1) * (2 * k - 1)) / (double(k) * 8.0 * x);
        if (std::abs(next) >= std::abs(term)) break;
        term = next;
        sum += term;
        if (std::abs(term) < 1e-17 * std::abs(sum)) break;
    }
    return sum;
}

} // namespace

double logBesselI0(double kappa)
{
    const double x = std::abs(kappa);
    if (x < kSeriesLimit) {
        double i0, i1;
        seriesI0I1(x, i0, i1);
        return std::log(i0);
    }
    return x - 0.5 * std::log(2.0 * std::numbers::pi * x) + std::log(hankelSum(0, x));
}

double besselRatioI1I0(double kappa)
{
    const double x = std::abs(kappa);
    double r;
    if (x < kSeriesLimit) {
        double i0, i1;
        seriesI0I1(x, i0, i1);
        r = i1 / i0;
    } else {
        r = hankelSum(1, x) / hankelSum(0, x);
    }
    return kappa < 0 ? -r : r;
}

double digamma(double x)
{
    double shift = 0;
    while (x < 10.0) {
        shift -= 1.0 / x;
        x += 1.0;
    }
    const double r = 1.0 / x, r2 = r * r;
    // ln x − 1/(2x) − Σ B_{2n}/(2n x^{2n}), Bernoulli numbers B_2 … B_12.
    const double tail =
        r2 *
        (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 - r2 * (1.0 / 240 - r2 * (1.0 / 132 - r2 * 691.0 / 32760)))));
    return shift + std::log(x) - 0.5 * r - tail;
}

} // namespace dlab::nn
