#include "ExactIsing.hpp"

#include "SpinRows.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>

namespace dlab::autoregressive {

ExactIsing::ExactIsing(int L, double beta) : m_L(L), m_beta(beta)
{
    requireInRange("L", L, 2, kMaxL);
    if (!(beta > 0) || !std::isfinite(beta)) throw ParameterError("beta", "must be positive and finite");
    const int N = L * L;
    const Eigen::Index n = Eigen::Index(1) << N;
    m_states.resize(n, N);
    for (Eigen::Index k = 0; k < n; ++k)
        for (int i = 0; i < N; ++i)
            m_states(k, i) = (k >> i) & 1 ? 1.0 : -1.0;
    m_energy = isingEnergies(m_states, L);
    const double shift = -beta * m_energy.minCoeff(); // the largest −βE
    const Eigen::VectorXd w = (-beta * m_energy.array() - shift).exp();
    const double z = w.sum();
    m_logZ = std::log(z) + shift;
    m_p = w / z;
    m_cumulative.resize(n);
    double c = 0;
    for (Eigen::Index k = 0; k < n; ++k)
        m_cumulative[k] = (c += m_p[k]);
}

Eigen::MatrixXd ExactIsing::sample(int count, RngStream& rng) const
{
    Eigen::MatrixXd rows(count, m_states.cols());
    const double* begin = m_cumulative.data();
    const double* end = begin + m_cumulative.size();
    for (int r = 0; r < count; ++r) {
        const double u = rng.uniform() * m_cumulative[m_cumulative.size() - 1];
        const Eigen::Index k = std::min<Eigen::Index>(std::upper_bound(begin, end, u) - begin, m_cumulative.size() - 1);
        rows.row(r) = m_states.row(k);
    }
    return rows;
}

double ExactIsing::klFromModel(const Eigen::VectorXd& logModel) const
{
    double kl = 0;
    for (Eigen::Index k = 0; k < m_p.size(); ++k)
        if (m_p[k] > 0) kl += m_p[k] * (std::log(m_p[k]) - logModel[k]);
    return kl;
}

double ExactIsing::variationalFreeEnergyPerSite(const Eigen::VectorXd& logQ) const
{
    double f = 0;
    for (Eigen::Index k = 0; k < logQ.size(); ++k)
        f += std::exp(logQ[k]) * (m_energy[k] + logQ[k] / m_beta);
    return f / (m_L * m_L);
}

} // namespace dlab::autoregressive
