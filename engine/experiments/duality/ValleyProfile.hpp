#pragma once
// Profile refinement of a converged duality stage (docs/experiments/
// duality.md, "Ordered phase: the profile along the valley"). Above β_c the
// loss is a long valley in which t0 and θ2 trade off; the step-by-step
// optimiser cannot tell one end from the other through its chains' noise
// and stays where it entered. Here the learner's own loss is instead
// profiled over t0: one long run of the model chains at the current t0
// (the anchor) gives, for every configuration, the polynomial in (θ2, θ3)
// of each shape average (the attention held on its decided slot) and the
// coupling sum Φ0; reweighting by exp((t0 − t_anchor) Φ0) gives the model's
// moments at nearby t0 from the same samples, so the differences between
// neighbouring t0 carry little noise. For each t0 of a grid around the
// anchor the loss is minimised over (θ2, θ3) (Gauss–Newton on a
// polynomial), the minimum of the profile is located by a parabola, and the
// anchor moves there until it stays put. Only the data's feature averages,
// the model chains and the learner's own loss enter; nothing exact.

#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/experiments/duality/DualityFeatures.hpp"

#include <cstdint>
#include <vector>

namespace dlab {

// ψ̄^a(θ2, θ3) = Σ_j c_aj θ2^j θ3^(n_a − j) for an attention one-hot on one
// slot: the coefficients of one configuration (or their average).
class ShapePolynomials {
public:
    ShapePolynomials(const DualityFeatures& features, int slot);
    int shapes() const { return int(m_links.size()); }
    int degree() const { return m_degree; }
    // Coefficients of one configuration, shapes() × (degree() + 1) values
    // (row a: c_a0 … c_a,degree; zero above n_a); returns its Φ0.
    double coefficients(const std::int8_t* spins, double* out) const;
    // ψ̄^a and its derivatives in θ2 and θ3 from averaged coefficients.
    void evaluate(const double* coefficients, double theta2, double theta3, double* psi, double* dTheta2 = nullptr,
                  double* dTheta3 = nullptr) const;

private:
    const DualityFeatures& m_features;
    int m_slot, m_degree = 0;
    std::vector<int> m_links; // n_a
    std::vector<double> m_inverseVandermonde;
};

struct ProfilePoint {
    double t0 = 0, loss = 0, theta2 = 0, theta3 = 0;
    double effectiveFraction = 0; // Kish effective sample size of the reweighting / samples
};

struct ValleyProfileOptions {
    int sweeps = 200;          // measured sweeps of all chains per anchor
    int thermalise = 20;       // sweeps at a new anchor before measuring
    double gridStep = 0.01;    // relative to |t0| of the anchor
    int gridHalfWidth = 10;    // grid points on either side of the anchor
    double minEffective = 0.2; // grid points whose reweighting keeps less than this fraction are skipped
    int maxAnchors = 5;        // the anchor moves at most this many times
    double tolerance = 0.0025; // stop when the anchor moves less than this (relative)
    DualityUpdate update = DualityUpdate::Metropolis;
};

struct ValleyProfileResult {
    double t0 = 0, theta2 = 0, theta3 = 0; // where the profile is lowest
    double loss = 0;
    int anchors = 0;                  // long runs made
    std::vector<ProfilePoint> points; // the last anchor's profile
};

// Chains are swept at t0 (t1 = t2 = 0) and left there. `data` are the
// targets D_a; (theta2, theta3) the start of the inner minimisation.
ValleyProfileResult refineAlongValley(const DualityFeatures& features, DualityChainEnsemble& chains,
                                      const std::vector<double>& data, int slot, double t0, double theta2,
                                      double theta3, const ValleyProfileOptions& options = {});

} // namespace dlab
