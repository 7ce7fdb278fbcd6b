#include "NllTraining.hpp"

#include <cmath>
#include <numeric>

namespace dlab::autoregressive {

std::vector<int> seededPermutation(std::size_t n, RngStream rng)
{
    std::vector<int> p(n);
    std::iota(p.begin(), p.end(), 0);
    for (std::size_t i = n; i > 1; --i)
        std::swap(p[i - 1], p[rng.below(std::uint32_t(i))]);
    return p;
}

Estimate meanWithError(const Eigen::VectorXd& v)
{
    if (v.size() == 0) return {};
    const double m = v.mean();
    const double var = v.size() > 1 ? (v.array() - m).square().sum() / double(v.size() - 1) : 0.0;
    return {m, std::sqrt(var / double(v.size()))};
}

NllTraining::NllTraining(Eigen::MatrixXd data, int batch, RngStream shuffle)
    : m_data(std::move(data)), m_batch(batch), m_shuffle(shuffle)
{}

bool NllTraining::step(nn::AutoregressiveModel& model, nn::Adam& adam)
{
    const int samples = int(m_data.rows());
    if (m_batchInEpoch == 0) {
        m_order = seededPermutation(std::size_t(samples), m_shuffle.child(std::uint64_t(m_epoch)));
        m_lossSum = 0;
        m_rows = 0;
    }
    const int r0 = m_batchInEpoch * m_batch, n = std::min(m_batch, samples - r0);
    Eigen::MatrixXd rows(n, m_data.cols());
    for (int r = 0; r < n; ++r)
        rows.row(r) = m_data.row(m_order[std::size_t(r0 + r)]);
    const Eigen::VectorXd weights = Eigen::VectorXd::Constant(n, -1.0 / n);
    const Eigen::VectorXd logp = model.weightedLogProbGradient(rows, weights, m_gradient);
    adam.step(model.parameters(), m_gradient);
    m_lossSum -= logp.sum();
    m_rows += n;
    if (++m_batchInEpoch < (samples + m_batch - 1) / m_batch) return false;
    m_batchInEpoch = 0;
    ++m_epoch;
    m_lastEpochLoss = m_lossSum / double(m_rows);
    return true;
}

void NllTraining::release() { m_data.resize(0, 0); }

} // namespace dlab::autoregressive
