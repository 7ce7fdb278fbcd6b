#pragma once
// One gradient estimate of the duality loss L = Σ_a l_a², l_a = D_a − M_a,
// M_a = ⟨ψ̄^a(O^θ)⟩_{H_t}, from the current states of the model chains.
//
// The batch of chains is split in halves. Each half's covariance
// Cov(ψ̄^a, Φ_k) (centred on its own means — the baseline control variate) and
// each half's ∂M_a/∂θ are paired with l_a from the *other* half, so both
// factors of every product are independent and the gradient is unbiased:
//     ∂L/∂t_k = −2 Σ_a l_a Cov_{H_t}(ψ^a(O^θ), Φ_k),
//     ∂L/∂θ   = −2 Σ_a l_a ⟨∂ψ̄^a/∂θ⟩.
// Per-chain work runs in parallel; sums are taken in chain order afterwards,
// so the numbers do not depend on the number of threads.

#include "engine/experiments/duality/DualityFeatures.hpp"

#include <array>
#include <vector>

namespace dlab {

class DualityChainEnsemble;
struct LinkGumbel;

struct DualityGradient {
    std::vector<double> modelMean;            // M_a over the whole batch
    std::vector<double> residual;             // l_a = D_a − M_a over the whole batch
    double loss = 0;                          // Σ_a l_a² (whole batch; biased upward by the MC noise)
    double lossUnbiased = 0;                  // Σ_a l_a^(1) l_a^(2) from the two halves
    std::array<double, 3> t{};                // ∂L/∂t_k
    ObservableGradient observable;            // ∂L/∂(θ2, θ3, w)
    std::array<double, 3> couplingSumsMean{}; // ⟨Φ_k⟩/L² (for display)
    std::vector<double> chainVariance;        // Var(ψ̄^a) between chains (for feature weighting)
};

// With `weights` (one per feature) the gradients are those of the weighted
// loss Σ_a weight_a l_a²; the reported losses stay unweighted.
// With `perLink` every link of every chain reads its own Gumbel-softmax
// weights (LinkGumbel.hpp) instead of o.w; θ2 and θ3 still come from o, and
// the attention's gradient is returned as observable.theta1 (observable.w
// stays 0).
DualityGradient estimateDualityGradient(const DualityFeatures& features, const DualityChainEnsemble& chains,
                                        const std::vector<double>& targets, const ObservableParams& o,
                                        const std::vector<double>* weights = nullptr,
                                        const LinkGumbel* perLink = nullptr);

} // namespace dlab
