#include "Schedules.hpp"

#include <cmath>

namespace dlab::autoregressive {

double BetaAnnealing::operator()(long long step) const
{
    if (factor <= 0) return target;
    return target * (1.0 - std::pow(factor, double(step)));
}

bool EarlyStopping::update(double loss)
{
    if (loss < m_best - m_minDelta) {
        m_best = loss;
        m_since = 0;
    } else {
        m_best = std::min(m_best, loss);
        ++m_since;
    }
    return m_patience > 0 && m_since >= m_patience;
}

} // namespace dlab::autoregressive
