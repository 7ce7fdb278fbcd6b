#pragma once
// The attention of the duality observable over the 7-link neighbourhood
// (docs/experiments/duality.md): w = softmax((θ1 + g)/τ) with optional Gumbel noise g, its
// entropy, and the backward pass through it.

#include "engine/lattice/LinkNeighbourhood.hpp"

#include <array>

namespace dlab {

class RngStream;

using SlotVector = std::array<double, kNeighbourhoodSlots>;

// Plain softmax when τ = 1 and g = 0.
SlotVector attentionWeights(const SlotVector& theta1, const SlotVector& gumbel, double tau);
// g_k = −ln(−ln u_k), u_k uniform in (0, 1).
SlotVector gumbelNoise(RngStream& rng);
// −Σ w ln w (0 = decided on one link, ln 7 = undecided).
double attentionEntropy(const SlotVector& w);
// dL/dθ1 from dL/dw for w = softmax((θ1 + g)/τ).
SlotVector softmaxBackward(const SlotVector& w, const SlotVector& dLdw, double tau);
int argmax(const SlotVector& w);

} // namespace dlab
