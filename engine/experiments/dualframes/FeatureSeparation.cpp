#include "FeatureSeparation.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>

namespace dlab::dualframes {

FeatureSeparationModel::FeatureSeparationModel(int inputs, int units, RngStream& init) : m_w(units, inputs)
{
    if (inputs < 1 || units < 1) throw ParameterError("units", "need at least one input and one unit");
    const double scale = 1 / std::sqrt(double(inputs));
    for (int k = 0; k < units; ++k)
        for (int t = 0; t < inputs; ++t)
            m_w(k, t) = scale * init.normal();
}

Eigen::VectorXd FeatureSeparationModel::power(const Eigen::MatrixXd& x) const
{
    return (x * m_w.transpose()).rowwise().squaredNorm();
}

FeatureSeparationModel::Terms FeatureSeparationModel::evaluate(const Eigen::MatrixXd& x, const std::vector<int>& labels,
                                                               const SeparationLoss& o,
                                                               Eigen::MatrixXd* gradient) const
{
    if (x.cols() != m_w.cols() || std::size_t(x.rows()) != labels.size() || x.rows() == 0)
        throw ParameterError("batch", "signals and labels do not match the model");
    const Eigen::MatrixXd y = x * m_w.transpose(); // rows × units
    const Eigen::VectorXd p = y.rowwise().squaredNorm();
    const double rows = double(x.rows());
    Terms t;
    // dL/dP per row: −1 for a signal under the margin, +1 for noise, else 0.
    Eigen::VectorXd dP = Eigen::VectorXd::Zero(x.rows());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        if (labels[std::size_t(r)] == 1) {
            if (p[r] < o.margin) {
                t.separation += o.margin - p[r];
                dP[r] = -1;
            }
        } else {
            t.separation += p[r];
            dP[r] = 1;
        }
    }
    t.separation /= rows;
    const double norm = m_w.squaredNorm();
    t.floor = std::max(0.0, o.normFloor - norm);
    const Eigen::MatrixXd overlap = m_w * m_w.transpose(); // units × units
    for (Eigen::Index k = 0; k < overlap.rows(); ++k)
        for (Eigen::Index l = k + 1; l < overlap.cols(); ++l)
            t.decorrelation += o.decorrelation * overlap(k, l) * overlap(k, l);
    t.total = t.separation + t.floor + t.decorrelation;
    if (gradient) {
        // dP/dw_k = 2 y_k x  ⇒  dL/dW = (2/rows) (dP ⊙ Y)ᵀ X.
        *gradient = (2.0 / rows) * (y.array().colwise() * dP.array()).matrix().transpose() * x;
        if (norm < o.normFloor) *gradient -= 2.0 * m_w;
        // d/dw_k Σ_{k<l} (w_k·w_l)² = 2 Σ_{l≠k} (w_k·w_l) w_l.
        Eigen::MatrixXd offDiagonal = overlap;
        offDiagonal.diagonal().setZero();
        *gradient += 2.0 * o.decorrelation * offDiagonal * m_w;
    }
    return t;
}

FeatureSeparationModel::Terms FeatureSeparationModel::lossAndGradient(const Eigen::MatrixXd& x,
                                                                      const std::vector<int>& labels,
                                                                      const SeparationLoss& options,
                                                                      Eigen::MatrixXd& gradient) const
{
    return evaluate(x, labels, options, &gradient);
}

FeatureSeparationModel::Terms FeatureSeparationModel::loss(const Eigen::MatrixXd& x, const std::vector<int>& labels,
                                                           const SeparationLoss& options) const
{
    return evaluate(x, labels, options, nullptr);
}

} // namespace dlab::dualframes
