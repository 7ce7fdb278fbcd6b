#include "engine/fields/FreeField.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dlab::fields {

GaussianPhi4 gaussianPhi4(int L, double kappa, double langevinEpsilon)
{
    requireInRange("L", L, 2, 4096);
    requireInRange("kappa", kappa, -0.2499, 0.2499);
    const double twoPi = 2.0 * std::numbers::pi;
    double sum = 0;
    double zeroMode = 0;
    for (int nx = 0; nx < L; ++nx)
        for (int ny = 0; ny < L; ++ny) {
            const double a = 2.0 * (1.0 - 2.0 * kappa * (std::cos(twoPi * nx / L) + std::cos(twoPi * ny / L)));
            const double factor = 1.0 - 0.5 * langevinEpsilon * a;
            if (!(factor > 0)) throw ParameterError("epsilon", "Langevin step too large: ε·A_p must stay below 2");
            const double variance = 1.0 / (a * factor);
            sum += variance;
            if (nx == 0 && ny == 0) zeroMode = variance;
        }
    const double V = double(L) * L;
    GaussianPhi4 g;
    g.phiSquared = sum / V;
    g.chi2 = zeroMode; // V⟨M²⟩ = V · (zero-mode variance / V)
    g.absM = std::sqrt(2.0 * g.chi2 / (std::numbers::pi * V));
    return g;
}

Eigen::MatrixXd freeFieldKernel(FreeFieldGeometry geometry, int n, double m2)
{
    requireInRange("n", n, 2, 4096);
    if (geometry == FreeFieldGeometry::Chain) {
        Eigen::MatrixXd k = Eigen::MatrixXd::Zero(n, n);
        for (int i = 0; i < n; ++i) {
            k(i, i) += 2.0 + m2;
            k(i, (i + 1) % n) -= 1.0;
            k(i, (i + n - 1) % n) -= 1.0;
        }
        return k;
    }
    const int V = n * n;
    Eigen::MatrixXd k = Eigen::MatrixXd::Zero(V, V);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            const int i = x + n * y;
            k(i, i) += 4.0 + m2;
            for (int j :
                 {(x + 1) % n + n * y, (x + n - 1) % n + n * y, x + n * ((y + 1) % n), x + n * ((y + n - 1) % n)})
                k(i, j) -= 1.0;
        }
    return k;
}

std::vector<double> freeFieldSpectrum(FreeFieldGeometry geometry, int n, double m2)
{
    requireInRange("n", n, 2, 4096);
    const double twoPi = 2.0 * std::numbers::pi;
    std::vector<double> ev;
    auto hat = [&](int k) { return 2.0 - 2.0 * std::cos(twoPi * k / n); };
    if (geometry == FreeFieldGeometry::Chain)
        for (int k = 0; k < n; ++k)
            ev.push_back(m2 + hat(k));
    else
        for (int kx = 0; kx < n; ++kx)
            for (int ky = 0; ky < n; ++ky)
                ev.push_back(m2 + hat(kx) + hat(ky));
    std::sort(ev.begin(), ev.end());
    return ev;
}

} // namespace dlab::fields
