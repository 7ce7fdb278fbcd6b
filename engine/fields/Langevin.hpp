#pragma once
// Stochastic quantisation of Phi4Action (Parisi & Wu): the Langevin equation
// in fictitious time, discretised with step ε,
//
//   φ ← φ + ε F(φ) + √(2ε) η,   F = −∂S/∂φ,  η ~ N(0, 1) per site.
//
// The noise variance 2ε makes e^{−S} stationary as ε → 0 (noise √ε would
// sample e^{−2S}); at finite ε the stationary law is off by O(ε)
// (FreeField.hpp has it exactly for λ = 0), hence an ε → 0 extrapolation —
// or the Metropolis-adjusted version (MALA), which accepts the same proposal
// with probability min(1, e^{−S(φ')+S(φ)} q(φ|φ')/q(φ'|φ)) and is exact for
// any ε. (MALA is HMC with a single leapfrog step of size √(2ε).)

#include "engine/fields/FieldRandom.hpp"
#include "engine/fields/Phi4Action.hpp"

#include <vector>

namespace dlab::fields {

class LangevinSampler {
public:
    explicit LangevinSampler(const Phi4Action& action);

    // One unadjusted step.
    void langevinStep(std::vector<double>& phi, FieldRandom& rng, double epsilon);

    struct Result {
        bool accepted = false;
        double acceptProbability = 0; // min(1, Metropolis–Hastings ratio)
    };
    // One Metropolis-adjusted step; φ is left at the accepted state.
    Result malaStep(std::vector<double>& phi, FieldRandom& rng, double epsilon);

    const Phi4Action& action() const { return m_action; }

private:
    Phi4Action m_action;
    std::vector<double> m_force, m_proposal, m_proposalForce;
};

} // namespace dlab::fields
