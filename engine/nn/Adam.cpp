#include "Adam.hpp"

#include <cmath>

namespace dlab::nn {

Adam::Adam(Eigen::Index size, double learningRate, double beta1, double beta2, double epsilon)
    : m_lr(learningRate), m_b1(beta1), m_b2(beta2), m_eps(epsilon), m_m(Eigen::VectorXd::Zero(size)),
      m_v(Eigen::VectorXd::Zero(size))
{}

void Adam::step(Eigen::VectorXd& params, const Eigen::VectorXd& g)
{
    ++m_t;
    m_m = m_b1 * m_m + (1 - m_b1) * g;
    m_v = m_b2 * m_v + (1 - m_b2) * g.cwiseAbs2();
    const double c1 = 1 - std::pow(m_b1, double(m_t)), c2 = 1 - std::pow(m_b2, double(m_t));
    params.array() -= m_lr * (m_m.array() / c1) / ((m_v.array() / c2).sqrt() + m_eps);
}

void Adam::step(Eigen::VectorXd& params, const Eigen::VectorXd& g, const Eigen::VectorXd& rates)
{
    ++m_t;
    m_m = m_b1 * m_m + (1 - m_b1) * g;
    m_v = m_b2 * m_v + (1 - m_b2) * g.cwiseAbs2();
    const double c1 = 1 - std::pow(m_b1, double(m_t)), c2 = 1 - std::pow(m_b2, double(m_t));
    params.array() -= rates.array() * (m_m.array() / c1) / ((m_v.array() / c2).sqrt() + m_eps);
}

} // namespace dlab::nn
