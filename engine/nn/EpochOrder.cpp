#include "EpochOrder.hpp"

#include "engine/core/ParameterError.hpp"

#include <numeric>

namespace dlab::nn {

EpochOrder::EpochOrder(Eigen::Index samples, int batchSize, RngStream rng)
    : m_samples(samples), m_batchSize(batchSize), m_rng(rng)
{
    if (samples < 1) throw ParameterError("samples", "need at least one sample to train on");
    if (batchSize < 1) throw ParameterError("batch_size", "must be at least 1");
}

const std::vector<int>& EpochOrder::next(bool& lastOfEpoch)
{
    if (m_order.empty()) {
        m_order.resize(std::size_t(m_samples));
        std::iota(m_order.begin(), m_order.end(), 0);
        for (Eigen::Index i = m_samples - 1; i > 0; --i) // Fisher–Yates with our own stream
            std::swap(m_order[std::size_t(i)], m_order[m_rng.below(std::uint32_t(i + 1))]);
        m_position = 0;
    }
    const Eigen::Index m = std::min<Eigen::Index>(m_batchSize, m_samples - m_position);
    m_batch.assign(m_order.begin() + m_position, m_order.begin() + m_position + m);
    m_position += m;
    lastOfEpoch = m_position >= m_samples;
    if (lastOfEpoch) {
        m_order.clear();
        ++m_epochs;
    }
    return m_batch;
}

} // namespace dlab::nn
