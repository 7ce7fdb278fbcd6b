#pragma once
// An independent sampler for Phi4Action, for cross-checks against HMC: one
// sequential Metropolis sweep (φ_x → φ_x + δ(2u − 1)) for the magnitudes,
// then Wolff clusters of the embedded Ising model for the signs
// (Brower & Tamayo 1989): with |φ| fixed, the signs s_x feel
// J_xy = 2κ|φ_x φ_y|, so a cluster grows across a link of equal signs with
// probability 1 − e^{−4κ φ_x φ_y} and flips as a whole. Near κ_c the
// clusters flip the global sign of M that local updates (and HMC) struggle
// to change. A fixed number of clusters per update (calibrated during
// thermalisation, then frozen) keeps the measurement times state-independent.

#include "engine/fields/FieldRandom.hpp"
#include "engine/fields/Phi4Action.hpp"

#include <vector>

namespace dlab::fields {

class ClusterSampler {
public:
    explicit ClusterSampler(const Phi4Action& action);

    // One sweep; returns the fraction of sites whose proposal was accepted.
    double metropolisSweep(std::vector<double>& phi, FieldRandom& rng, double delta);
    // One Wolff cluster from a random seed site; returns its size (κ ≤ 0: no cluster, 0).
    int wolffCluster(std::vector<double>& phi, FieldRandom& rng);

    const Phi4Action& action() const { return m_action; }

private:
    Phi4Action m_action;
    std::vector<int> m_stack, m_members;
    std::vector<unsigned char> m_inCluster;
};

} // namespace dlab::fields
