#include "Pca.hpp"

#include "engine/core/ParameterError.hpp"

#include <Eigen/Eigenvalues>

namespace dlab::embed {

PcaResult pca(const Eigen::MatrixXd& x, bool centre)
{
    if (x.rows() < 1 || x.cols() < 1) throw ParameterError("data", "PCA needs at least one sample and one column");
    PcaResult r;
    r.mean = centre ? Eigen::RowVectorXd(x.colwise().mean()) : Eigen::RowVectorXd::Zero(x.cols());
    const Eigen::MatrixXd c = x.rowwise() - r.mean;
    const Eigen::MatrixXd cov = (c.transpose() * c) / double(std::max<Eigen::Index>(1, x.rows()));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(cov);
    // Eigen sorts ascending; we want the largest first.
    r.variances = es.eigenvalues().reverse().cwiseMax(0.0);
    r.components = es.eigenvectors().rowwise().reverse();
    // Fix the sign of each component (largest entry positive) so results do
    // not flip between platforms.
    for (Eigen::Index k = 0; k < r.components.cols(); ++k) {
        Eigen::Index i;
        r.components.col(k).cwiseAbs().maxCoeff(&i);
        if (r.components(i, k) < 0) r.components.col(k) *= -1.0;
    }
    const double total = r.variances.sum();
    r.explainedRatio = total > 0 ? Eigen::VectorXd(r.variances / total) : Eigen::VectorXd::Zero(r.variances.size());
    return r;
}

Eigen::MatrixXd PcaResult::project(const Eigen::MatrixXd& x, int k) const
{
    return (x.rowwise() - mean) * components.leftCols(k);
}

} // namespace dlab::embed
