#include "engine/measure/exact/TransferMatrix.hpp"

#include "engine/core/ParameterError.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>

namespace dlab::exact {

long double transferMatrixLogZ(int L, int M, double beta)
{
    requireInRange("L", L, 2, kTransferMatrixMaxL);
    requireInRange("M", M, 1, 1 << 20);
    if (!(beta > 0) || !std::isfinite(beta)) throw ParameterError("beta", "must be positive and finite");
    const int n = 1 << L;
    auto spin = [](int state, int x) { return (state >> x) & 1 ? 1 : -1; };
    Eigen::VectorXd halfRow(n);
    for (int s = 0; s < n; ++s) {
        int bonds = 0;
        for (int x = 0; x < L; ++x)
            bonds += spin(s, x) * spin(s, (x + 1) % L);
        halfRow[s] = 0.5 * beta * bonds;
    }
    // T/e^{βL·…} scaled by the largest entry's exponent so nothing overflows.
    const double shift = beta * L * 2;
    Eigen::MatrixXd T(n, n);
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) {
            int between = 0;
            for (int x = 0; x < L; ++x)
                between += spin(a, x) * spin(b, x);
            T(a, b) = std::exp(halfRow[a] + halfRow[b] + beta * between - shift);
        }
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(T, Eigen::EigenvaluesOnly);
    const Eigen::VectorXd& lambda = solver.eigenvalues(); // ascending, all > 0
    const long double top = lambda[n - 1];
    long double sum = 0;
    for (int k = 0; k < n; ++k)
        sum += std::pow((long double)(lambda[k]) / top, (long double)M);
    return (long double)M * (std::log(top) + shift) + std::log(sum);
}

double transferMatrixFreeEnergyPerSite(int L, int M, double beta)
{
    return double(-transferMatrixLogZ(L, M, beta) / ((long double)beta * L * M));
}

} // namespace dlab::exact
