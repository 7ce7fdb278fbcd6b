#pragma once
// A persistent Markov chain of the XY model at inverse temperature β: it
// keeps its configuration and random numbers when β changes.
//
// Metropolis adapts its step width Δ towards 50 % acceptance while
// `adaptive` is on (thermalisation) and keeps it fixed afterwards: a step
// that follows the chain's recent past would break detailed balance in the
// measured part. A Wolff sweep is a fixed number K of clusters with
// K·⟨|C|⟩ ≈ N, calibrated by the first sweep after a start or a change of β
// (count that sweep as thermalisation), as for the Ising chains: stopping
// once N spins have flipped would measure at a state-dependent time.

#include "engine/core/Rng.hpp"
#include "engine/mc/XyUpdates.hpp"
#include "engine/models/XyConfiguration.hpp"

#include <string>

namespace dlab {

enum class XyAlgorithm { Metropolis, Wolff };

// "metropolis" | "wolff"; ParameterError("algo", …) otherwise.
XyAlgorithm parseXyAlgorithm(const std::string& name);
std::string toString(XyAlgorithm a);

class XyChain {
public:
    static constexpr double kTargetAcceptance = 0.5;

    XyChain(XyConfiguration start, double beta, XyAlgorithm algo, const RngStream& rng);

    void setBeta(double beta);
    double beta() const { return m_beta; }
    XyAlgorithm algorithm() const { return m_algo; }
    void setAdaptive(bool on) { m_adaptive = on; }
    double stepWidth() const { return m_step; }
    // Metropolis acceptance of the last sweep.
    double lastAcceptance() const { return m_lastAcceptance; }
    int clustersPerSweep() const { return m_clusters; }

    void sweeps(int n);
    const XyConfiguration& configuration() const { return m_s; }
    XyConfiguration& configuration() { return m_s; }
    // Metropolis: attempted updates; Wolff: spins reflected.
    long long updates() const { return m_updates; }

private:
    void sweep();

    XyConfiguration m_s;
    double m_beta;
    XyAlgorithm m_algo;
    RandomBuffer m_random;
    XyClusterWorkspace m_work;
    double m_step = 3.14159265358979;
    double m_lastAcceptance = 0;
    bool m_adaptive = true;
    int m_clusters = 0; // K; 0 = calibrate on the next sweep
    long long m_updates = 0, m_sweeps = 0;
};

} // namespace dlab
