#pragma once
// Per-link Gumbel-softmax attention (docs/experiments/duality.md, "Physics"):
// link ℓ of model chain c reads its own weights
//     w_{ℓ,c} = softmax((θ1 + g_{ℓ,c})/τ),   g_{ℓ,c,k} = −ln(−ln u),
// one draw of seven Gumbel numbers per link, per chain, per step, so
//     O_ℓ = θ2 Σ_k w_{ℓ,c,k} δ^ℓ_k + θ3.
// The shared mode (one draw for every link of every chain, Attention.hpp)
// perturbs the whole observable at once; per link the noise averages over the
// torus within one configuration. The numbers of chain c come from
// stream.child(c), so they do not depend on the number of threads.

#include "engine/core/Rng.hpp"
#include "engine/experiments/duality/Attention.hpp"

#include <optional>
#include <string_view>

namespace dlab {

// Which Gumbel noise the learner puts on the attention logits.
enum class GumbelNoise { Off, Shared, PerLink };
const char* gumbelNoiseName(GumbelNoise g); // "off", "shared", "per-link"
std::optional<GumbelNoise> gumbelNoiseFromName(std::string_view name);

struct LinkGumbel {
    SlotVector theta1{};
    double tau = 1.0;
    RngStream stream; // this step's noise; chain c draws from stream.child(c)
    // g → noiseScale · g. 0 puts every link on softmax(θ1/τ): the shared
    // estimator's special case, which is how the per-link backward pass is tested.
    double noiseScale = 1.0;

    // w_{ℓ,c} for the links of chain c: links × 7 values, link-major.
    void weights(int chain, int links, double* w) const;
};

} // namespace dlab
