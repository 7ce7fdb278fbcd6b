#include "engine/fields/ClusterSampler.hpp"

#include <cmath>

namespace dlab::fields {

ClusterSampler::ClusterSampler(const Phi4Action& action)
    : m_action(action), m_inCluster(std::size_t(action.volume()), 0)
{
    m_stack.reserve(std::size_t(action.volume()));
    m_members.reserve(std::size_t(action.volume()));
}

double ClusterSampler::metropolisSweep(std::vector<double>& phi, FieldRandom& rng, double delta)
{
    const int V = m_action.volume();
    int accepted = 0;
    for (int i = 0; i < V; ++i) {
        const double n = m_action.neighbourSum(phi.data(), i);
        const double old = phi[std::size_t(i)];
        const double proposal = old + delta * (2.0 * rng.uniform() - 1.0);
        const double dS = m_action.siteAction(proposal, n) - m_action.siteAction(old, n);
        const double u = rng.uniform();
        if (dS <= 0 || u < std::exp(-dS)) {
            phi[std::size_t(i)] = proposal;
            ++accepted;
        }
    }
    return double(accepted) / V;
}

int ClusterSampler::wolffCluster(std::vector<double>& phi, FieldRandom& rng)
{
    const double k4 = 4.0 * m_action.kappa();
    const int L = m_action.L(), V = m_action.volume();
    const int seed = int(rng.below(std::uint32_t(V)));
    if (k4 <= 0) return 0;
    m_stack.clear();
    m_stack.push_back(seed);
    m_inCluster[std::size_t(seed)] = 1;
    m_members.clear(); // flipped at the end: growth must see the old signs
    while (!m_stack.empty()) {
        const int i = m_stack.back();
        m_stack.pop_back();
        m_members.push_back(i);
        const double vi = phi[std::size_t(i)];
        const int x = i % L, y = i / L;
        const int nbrs[4] = {y * L + (x + 1) % L, y * L + (x + L - 1) % L, ((y + 1) % L) * L + x,
                             ((y + L - 1) % L) * L + x};
        for (int j : nbrs) {
            if (m_inCluster[std::size_t(j)]) continue;
            const double product = vi * phi[std::size_t(j)];
            if (product <= 0) continue;
            // Drawn only for eligible links: the stream's use depends on the
            // state, which is fine for a chain (it never needs to match another).
            if (rng.uniform() < 1.0 - std::exp(-k4 * product)) {
                m_inCluster[std::size_t(j)] = 1;
                m_stack.push_back(j);
            }
        }
    }
    for (int i : m_members) {
        phi[std::size_t(i)] = -phi[std::size_t(i)];
        m_inCluster[std::size_t(i)] = 0;
    }
    return int(m_members.size());
}

} // namespace dlab::fields
