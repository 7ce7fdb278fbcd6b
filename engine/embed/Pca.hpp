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

} // namespace dlab::embed
