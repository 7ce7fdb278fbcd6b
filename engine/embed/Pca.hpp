#pragma once
// Principal component analysis by the eigen-decomposition of the covariance
// (d × d, so fine for the moderate dimensions used here).

#include <Eigen/Core>

namespace dlab::embed {

struct PcaResult {
    Eigen::RowVectorXd mean;        // subtracted before projecting (zeros if not centred)
    Eigen::MatrixXd components;     // d × d, columns sorted by decreasing variance
    Eigen::VectorXd variances;      // eigenvalues, decreasing
    Eigen::VectorXd explainedRatio; // variances / their sum

    // Scores of rows x on the first k components.
    Eigen::MatrixXd project(const Eigen::MatrixXd& x, int k) const;
};

// Rows are samples. centre = false analyses the second-moment matrix xᵀx/n,
// which is what sign-ambiguous data (e.g. generators known up to ±) need.
PcaResult pca(const Eigen::MatrixXd& x, bool centre = true);

// Scores of the rows of x (n × d, row-major) on the k leading principal
// components (centred), for data too wide for pca(): a d × d covariance of a
// 128×128 lattice has 2.7·10⁸ entries and its eigen-decomposition takes
// minutes. Block power iteration on k + 6 vectors with a Rayleigh–Ritz step
// (Halko, Martinsson & Tropp 2011), never forming the covariance, stopped when
// the k leading variances change by less than 10⁻⁶ relative or after
// `maxIterations`. Each component's sign is fixed as in pca() (largest entry
// positive). Deterministic: fixed start vectors and fixed blocks, whatever the
// number of threads.
using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
Eigen::MatrixXd leadingScores(const RowMajorMatrix& x, int k, int maxIterations = 100);

} // namespace dlab::embed
