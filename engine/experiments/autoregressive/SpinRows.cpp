#include "SpinRows.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>

namespace dlab::autoregressive {

Eigen::MatrixXd spinRows(const std::vector<SpinConfiguration>& configurations)
{
    if (configurations.empty()) return {};
    const int N = configurations.front().sites();
    Eigen::MatrixXd rows(Eigen::Index(configurations.size()), N);
    for (std::size_t r = 0; r < configurations.size(); ++r)
        for (int i = 0; i < N; ++i)
            rows(Eigen::Index(r), i) = configurations[r][i];
    return rows;
}

std::vector<std::int8_t> rowSpins(const Eigen::MatrixXd& rows, Eigen::Index r)
{
    std::vector<std::int8_t> s(static_cast<std::size_t>(rows.cols()));
    for (Eigen::Index i = 0; i < rows.cols(); ++i)
        s[std::size_t(i)] = rows(r, i) > 0 ? 1 : -1;
    return s;
}

Eigen::VectorXd isingEnergies(const Eigen::MatrixXd& rows, int L)
{
    if (rows.cols() != Eigen::Index(L) * L) throw ParameterError("L", "rows do not hold L×L spins");
    Eigen::VectorXd e(rows.rows());
    for (Eigen::Index r = 0; r < rows.rows(); ++r) {
        double sum = 0;
        for (int y = 0; y < L; ++y) {
            const int yu = y + 1 == L ? 0 : y + 1;
            for (int x = 0; x < L; ++x) {
                const int xr = x + 1 == L ? 0 : x + 1;
                sum += rows(r, x + L * y) * (rows(r, xr + L * y) + rows(r, x + L * yu));
            }
        }
        e[r] = -sum;
    }
    return e;
}

Eigen::VectorXd absMagnetizations(const Eigen::MatrixXd& rows)
{
    return (rows.rowwise().sum() / double(rows.cols())).cwiseAbs();
}

Eigen::MatrixXd blockSpinRows(const Eigen::MatrixXd& rows, int L, int stride)
{
    requireInRange("stride", stride, 1, 2);
    if (stride == 2 && L % 2 != 0) throw ParameterError("L", "stride-2 block spins need an even L");
    const int n = L / stride;
    Eigen::MatrixXd b(rows.rows(), Eigen::Index(n) * n);
    for (Eigen::Index r = 0; r < rows.rows(); ++r)
        for (int Y = 0; Y < n; ++Y)
            for (int X = 0; X < n; ++X) {
                const int x = stride * X, y = stride * Y;
                const int x1 = (x + 1) % L, y1 = (y + 1) % L;
                const double S = rows(r, x + L * y) + rows(r, x1 + L * y) + rows(r, x + L * y1) + rows(r, x1 + L * y1);
                b(r, X + n * Y) = std::round((S + 4) / 2);
            }
    return b;
}

std::vector<double> blockSpinLevels() { return {-1.0, -0.5, 0.0, 0.5, 1.0}; }

} // namespace dlab::autoregressive
