#include "engine/experiments/duality/Adam.hpp"

#include <cmath>

namespace dlab {

Adam::Adam(int n, double beta1, double beta2, double epsilon)
    : m_beta1(beta1), m_beta2(beta2), m_eps(epsilon), m_m(n, 0.0), m_v(n, 0.0)
{}

void Adam::update(std::vector<double>& x, const std::vector<double>& g, const std::vector<double>& lr)
{
    ++m_steps;
    const double c1 = 1.0 - std::pow(m_beta1, double(m_steps)), c2 = 1.0 - std::pow(m_beta2, double(m_steps));
    for (std::size_t i = 0; i < x.size(); ++i) {
        m_m[i] = m_beta1 * m_m[i] + (1 - m_beta1) * g[i];
        m_v[i] = m_beta2 * m_v[i] + (1 - m_beta2) * g[i] * g[i];
        if (lr[i] != 0.0) x[i] -= lr[i] * (m_m[i] / c1) / (std::sqrt(m_v[i] / c2) + m_eps);
    }
}

} // namespace dlab
