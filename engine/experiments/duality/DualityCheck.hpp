#pragma once
// Duality check without learning (docs/experiments/duality.md, seed 000's 24×24 table): for
// every feature a, ⟨ψ^a(σ)⟩ of the original model at β next to
// ⟨ψ^a(e^{−2β̃ σ*})⟩ of the model at the dual coupling β̃, where σ* is the dual
// link (slot 1 of the mirrored neighbourhood: the shift (−½,−½)). Both with
// error bars; on a finite torus the two sides differ by finite-size terms.

#include "engine/experiments/duality/LinkShapes.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace dlab {

class Feedback;

struct DualityCheckParams {
    int L = 24;
    double beta = 0.3;
    int chains = 0; // 0 = automatic
    int thermalize = 500;
    int samples = 200; // per chain
    int gap = 2;
    std::uint64_t seed = 1;
    std::vector<LinkShape> shapes = defaultLinkShapes();
    void validate() const;
};

struct DualityCheckRow {
    std::string feature;
    double original = 0, originalError = 0; // ⟨ψ^a(σ)⟩ at β
    double dual = 0, dualError = 0;         // ⟨ψ^a(e^{−2β̃σ*})⟩ at β̃
    double deviations() const;              // |original − dual| in combined standard errors
};

struct DualityCheckResult {
    double beta = 0, betaDual = 0;
    int L = 0;
    std::vector<DualityCheckRow> rows;
    double seconds = 0;
};

DualityCheckResult runDualityCheck(const DualityCheckParams& p, Feedback* feedback = nullptr);

} // namespace dlab
