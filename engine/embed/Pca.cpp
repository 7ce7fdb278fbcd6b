#include "Pca.hpp"

#include "engine/core/ParameterError.hpp"

#include "engine/core/Rng.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <tbb/parallel_for.h>

#include <algorithm>

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

namespace dlab::embed {
namespace {

constexpr int kBlock = 256; // rows or columns per task: fixed, so the rounding is too

// C v for the centred data C = x − 1 mean, without forming C.
Eigen::MatrixXd timesCentred(const RowMajorMatrix& x, const Eigen::RowVectorXd& mean, const Eigen::MatrixXd& v)
{
    const int n = int(x.rows());
    Eigen::MatrixXd w(n, v.cols());
    const Eigen::RowVectorXd shift = mean * v;
    tbb::parallel_for(0, (n + kBlock - 1) / kBlock, [&](int b) {
        const int r0 = b * kBlock, rows = std::min(kBlock, n - r0);
        w.middleRows(r0, rows).noalias() = x.middleRows(r0, rows) * v;
        w.middleRows(r0, rows).rowwise() -= shift;
    });
    return w;
}

// Cᵀ w, likewise.
Eigen::MatrixXd centredTransposeTimes(const RowMajorMatrix& x, const Eigen::RowVectorXd& mean, const Eigen::MatrixXd& w)
{
    const int d = int(x.cols());
    Eigen::MatrixXd v(d, w.cols());
    const Eigen::RowVectorXd total = w.colwise().sum();
    tbb::parallel_for(0, (d + kBlock - 1) / kBlock, [&](int b) {
        const int c0 = b * kBlock, cols = std::min(kBlock, d - c0);
        v.middleRows(c0, cols).noalias() = x.middleCols(c0, cols).transpose() * w;
        v.middleRows(c0, cols).noalias() -= mean.segment(c0, cols).transpose() * total;
    });
    return v;
}

Eigen::MatrixXd orthonormalColumns(const Eigen::MatrixXd& v)
{
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(v);
    return qr.householderQ() * Eigen::MatrixXd::Identity(v.rows(), v.cols());
}

} // namespace

Eigen::MatrixXd leadingScores(const RowMajorMatrix& x, int k, int maxIterations)
{
    const int n = int(x.rows()), d = int(x.cols());
    if (n < 1 || d < 1) throw ParameterError("data", "PCA needs at least one sample and one column");
    k = std::clamp(k, 1, std::min(n, d));
    const int l = std::min({k + 6, n, d}); // a few extra vectors: the k leading ones converge faster
    const Eigen::RowVectorXd mean = x.colwise().mean();
    RngStream rng(0x9ca, 0);
    Eigen::MatrixXd v(d, l);
    for (int c = 0; c < l; ++c)
        for (int r = 0; r < d; ++r)
            v(r, c) = rng.normal();
    v = orthonormalColumns(v);
    Eigen::MatrixXd w, rotation;
    Eigen::VectorXd variances, previous;
    for (int it = 0;; ++it) {
        w = timesCentred(x, mean, v);
        // Rayleigh–Ritz in span(v): the eigenvectors of (C v)ᵀ(C v) rotate v
        // onto the best approximations of the leading components.
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(w.transpose() * w);
        variances = es.eigenvalues().reverse() / double(n);
        rotation = es.eigenvectors().rowwise().reverse();
        const bool converged =
            previous.size() == variances.size() &&
            ((variances.head(k) - previous.head(k)).cwiseAbs().array() <= 1e-6 * variances.head(k).array().abs()).all();
        if (converged || it >= maxIterations) break;
        previous = variances;
        v = orthonormalColumns(centredTransposeTimes(x, mean, w));
    }
    Eigen::MatrixXd scores = w * rotation.leftCols(k);
    for (int c = 0; c < k; ++c) {
        const Eigen::VectorXd component = v * rotation.col(c);
        Eigen::Index i;
        component.cwiseAbs().maxCoeff(&i);
        if (component(i) < 0) scores.col(c) *= -1.0;
    }
    return scores;
}

} // namespace dlab::embed
