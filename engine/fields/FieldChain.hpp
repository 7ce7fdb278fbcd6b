#pragma once
// One persistent Markov chain of a real field under Phi4Action, with any of
// the samplers of this folder. An update is one HMC trajectory, one Langevin
// or MALA step, or one Metropolis sweep plus a fixed number of Wolff
// clusters. While thermalising, the step size (HMC ε, MALA ε, Metropolis δ)
// adapts to the target acceptance and the cluster count calibrates; after
// endThermalisation() both are frozen, so the measured chain is an exact,
// time-homogeneous Markov chain. Langevin's ε is never adapted: it is the
// discretisation whose bias one studies.

#include "engine/core/Rng.hpp"
#include "engine/fields/ClusterSampler.hpp"
#include "engine/fields/Hmc.hpp"
#include "engine/fields/Langevin.hpp"
#include "engine/fields/StepSizeTuner.hpp"

#include <string>
#include <vector>

namespace dlab::fields {

enum class FieldAlgorithm { Hmc, Langevin, Mala, Cluster };
std::string toString(FieldAlgorithm a);
FieldAlgorithm parseFieldAlgorithm(const std::string& name); // throws ParameterError naming "algo"

struct FieldChainOptions {
    FieldAlgorithm algorithm = FieldAlgorithm::Hmc;
    Integrator integrator = Integrator::Omelyan;
    double trajectoryLength = 1.0; // HMC τ ≈ n ε (n = round(τ/ε) ≥ 1 steps of the adapted ε)
    double stepSize = 0.0;         // 0: the algorithm's default start (HMC ε, Langevin/MALA ε, Metropolis δ)
    bool adaptStepSize = true;     // while thermalising (never for Langevin)
    double targetAcceptance = 0.0; // 0: 0.8 (HMC), 0.574 (MALA), 0.5 (Metropolis of the cluster sampler)
    int clustersPerUpdate = 0;     // cluster sampler; 0: calibrate to ≈ V flipped sites per update

    static double defaultStepSize(FieldAlgorithm a);
    static double defaultTargetAcceptance(FieldAlgorithm a);
};

class FieldChain {
public:
    FieldChain(const Phi4Action& action, const FieldChainOptions& options, RngStream rng);

    void update();
    // Freeze the step size and cluster count; acceptance counters restart.
    void endThermalisation();
    bool thermalising() const { return !m_tuner.frozen(); }
    // New couplings, same field (a persistent chain): adaptation reopens.
    void setAction(const Phi4Action& action);
    void setField(std::vector<double> phi);

    const std::vector<double>& field() const { return m_phi; }
    const Phi4Action& action() const { return m_hmc.action(); }
    const FieldChainOptions& options() const { return m_options; }
    double magnetisation() const { return Phi4Action::magnetisation(m_phi.data(), int(m_phi.size())); }

    // Since the last endThermalisation()/setAction() (or the start).
    double acceptance() const { return m_proposed ? m_accepted / double(m_proposed) : 0.0; }
    // HMC: running mean of e^{−ΔH} (= 1 in equilibrium for an exact integrator's Jacobian).
    double meanExpMinusDeltaH() const { return m_proposed ? m_sumExpMinusDeltaH / double(m_proposed) : 0.0; }
    double stepSize() const;
    int mdSteps() const; // HMC steps per trajectory at the current ε
    double trajectoryLength() const { return mdSteps() * stepSize(); }
    int clustersPerUpdate() const { return m_clusters; }
    double meanClusterSize() const { return m_clusterCount ? double(m_clusterSites) / double(m_clusterCount) : 0.0; }
    long long updates() const { return m_updates; }

private:
    void resetCounters();

    FieldChainOptions m_options;
    FieldRandom m_rng;
    std::vector<double> m_phi;
    Hmc m_hmc;
    LangevinSampler m_langevin;
    ClusterSampler m_cluster;
    StepSizeTuner m_tuner;
    int m_clusters = 1;
    long long m_updates = 0, m_proposed = 0;
    double m_accepted = 0; // accepted proposals (the cluster sampler adds its sweep's accepted fraction)
    double m_sumExpMinusDeltaH = 0;
    long long m_clusterSites = 0, m_clusterCount = 0;
};

} // namespace dlab::fields
