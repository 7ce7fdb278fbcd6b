#pragma once
// Ordered-phase data (β > β_c) for the duality learner. Measured at L = 16:
// there the dual model is disordered, the data's link features are all ≈ 1
// and their connected parts tiny, so
//  - the attention settles on a mixture of slots 1–5 (loss ~10⁻⁴, not the
//    dual's ~10⁻⁶) or on θ2 ≈ 0 (a constant observable) and never decides;
//  - with the slot decided, (t0, θ2, θ3) lie in a valley ~10³ times narrower
//    than long, and the t0 signal along it is close to the statistical noise.
// The remedy: learn *which* neighbour is the dual link where that is easy —
// a short run on disordered 8×8 data — and carry the attention over; learn
// (t0, θ2, θ3) on the target data with the centred observable, more model
// chains and more data, and a stricter plateau test.

#include "engine/experiments/duality/Attention.hpp"
#include "engine/experiments/duality/DataTargets.hpp"

#include <cstdint>

namespace dlab {

class Feedback;
struct DualityLearnerParams;

// Auto: on for κ = 0 when the data look ordered (generated: β > β_c; loaded:
// mean link value above 1/√2, its value at β_c).
enum class OrderedPhaseMode { Off, On, Auto };

// Mean of the data's one-link features above the critical nearest-neighbour correlation 1/√2.
bool dataLookOrdered(const FeatureTargets& targets, const DualityFeatures& features);

// Attention logits θ1 decided on a dual slot (1 or 2): from a run of the
// default learner on 8×8 data at β = 0.2 (≈ 1 s), stopped once decided.
SlotVector learnDualSlotLogits(std::uint64_t seed, Feedback* feedback = nullptr);

// The settings for ordered data, applied to what the user left at its default.
void applyOrderedPhaseSettings(DualityLearnerParams& p, const SlotVector& theta1);

} // namespace dlab
