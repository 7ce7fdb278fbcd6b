#include "engine/experiments/fieldtheory/GaussianRbm.hpp"

#include "engine/core/ParameterError.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>
#include <numbers>

namespace dlab::fieldtheory {

GaussianRbm::GaussianRbm(int visible, int hidden, double mu2, double sigma, double initScale, RngStream& rng)
    : m_w(visible, hidden), m_mu2(mu2), m_sigma(sigma)
{
    for (Eigen::Index a = 0; a < m_w.cols(); ++a)
        for (Eigen::Index i = 0; i < m_w.rows(); ++i)
            m_w(i, a) = initScale * rng.normal();
}

GaussianRbm::GaussianRbm(Eigen::MatrixXd weights, double mu2, double sigma)
    : m_w(std::move(weights)), m_mu2(mu2), m_sigma(sigma)
{}

Eigen::MatrixXd GaussianRbm::kernel() const
{
    Eigen::MatrixXd k = -m_sigma * m_sigma * (m_w * m_w.transpose());
    k.diagonal().array() += m_mu2;
    return k;
}

Eigen::VectorXd GaussianRbm::spectrum() const
{
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(kernel(), Eigen::EigenvaluesOnly);
    return es.eigenvalues();
}

std::optional<Eigen::MatrixXd> GaussianRbm::inverseKernel() const
{
    Eigen::LLT<Eigen::MatrixXd> llt(kernel());
    if (llt.info() != Eigen::Success) return std::nullopt;
    const Eigen::Index n = m_w.rows();
    return llt.solve(Eigen::MatrixXd::Identity(n, n));
}

double GaussianRbm::logLikelihood(const Eigen::MatrixXd& covariance) const
{
    const Eigen::MatrixXd k = kernel();
    Eigen::LLT<Eigen::MatrixXd> llt(k);
    if (llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
    const double logDet = 2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
    return 0.5 * logDet - 0.5 * (k.cwiseProduct(covariance)).sum() -
           0.5 * double(k.rows()) * std::log(2.0 * std::numbers::pi);
}

Eigen::MatrixXd GaussianRbm::weightGradient(const Eigen::MatrixXd& dataCovariance,
                                            const Eigen::MatrixXd& modelCovariance) const
{
    return m_sigma * m_sigma * ((dataCovariance - modelCovariance) * m_w);
}

double GaussianRbm::mu2Gradient(const Eigen::MatrixXd& dataCovariance, const Eigen::MatrixXd& modelCovariance)
{
    return 0.5 * (modelCovariance.trace() - dataCovariance.trace());
}

void GaussianRbm::gibbs(Eigen::MatrixXd& phi, int steps, fields::FieldRandom& rng) const
{
    const Eigen::Index chains = phi.rows();
    Eigen::MatrixXd h(chains, m_w.cols());
    const double s2 = m_sigma * m_sigma, phiScale = 1.0 / std::sqrt(m_mu2);
    for (int s = 0; s < steps; ++s) {
        h.noalias() = s2 * (phi * m_w);
        for (Eigen::Index a = 0; a < h.cols(); ++a)
            for (Eigen::Index c = 0; c < chains; ++c)
                h(c, a) += m_sigma * rng.normal();
        phi.noalias() = (h * m_w.transpose()) / m_mu2;
        for (Eigen::Index i = 0; i < phi.cols(); ++i)
            for (Eigen::Index c = 0; c < chains; ++c)
                phi(c, i) += phiScale * rng.normal();
    }
}

} // namespace dlab::fieldtheory
