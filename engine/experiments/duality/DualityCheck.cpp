#include "engine/experiments/duality/DualityCheck.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DataTargets.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace dlab {

void DualityCheckParams::validate() const
{
    requireInRange("L", L, 3, 1024);
    requireInRange("beta", beta, 0.01, 5.0);
    requireInRange("chains", chains, 0, 1 << 16);
    requireInRange("thermalize", thermalize, 0, 1'000'000);
    requireInRange("samples", samples, 1, 1'000'000);
    requireInRange("gap", gap, 1, 10'000);
    if (shapes.empty()) throw ParameterError("shapes", "the feature set needs at least one link shape");
}

double DualityCheckRow::deviations() const
{
    const double e = std::hypot(originalError, dualError);
    return e > 0 ? std::abs(original - dual) / e : (original == dual ? 0.0 : INFINITY);
}

DualityCheckResult runDualityCheck(const DualityCheckParams& p, Feedback* feedback)
{
    p.validate();
    const auto start = std::chrono::steady_clock::now();
    DualityCheckResult r;
    r.beta = p.beta;
    r.betaDual = exact::kramersWannierDual(p.beta);
    r.L = p.L;
    // The dual coupling must stay within the sampler's range.
    requireInRange("beta (its dual β̃ must stay ≤ 5)", r.betaDual, 0.0, 5.0);
    DualityFeatures F(p.L, p.shapes);

    DataGeneration g;
    g.chains = p.chains > 0 ? std::max(2, p.chains) : std::clamp(65536 / (p.L * p.L), 16, 256);
    g.thermalize = p.thermalize;
    g.samples = p.samples;
    g.gap = p.gap;
    g.seed = p.seed;
    g.original = {p.beta, 0.0, 0.0};
    const FeatureTargets original = generateTargets(F, g, feedback);

    g.original = {r.betaDual, 0.0, 0.0};
    g.seed = p.seed + 0x9E3779B97F4A7C15ull; // independent of the original side
    g.observable = ObservableParams{};
    g.observable.w[PerpendicularAtTailMinus] = 1.0; // σ* = the dual link
    // e^{−2β̃σ*} = cosh 2β̃ − sinh 2β̃ · σ*.
    g.observable.theta2 = -std::sinh(2 * r.betaDual);
    g.observable.theta3 = std::cosh(2 * r.betaDual);
    const FeatureTargets dual = generateTargets(F, g, feedback);

    for (int a = 0; a < F.shapes(); ++a)
        r.rows.push_back({p.shapes[a].name, original.mean[a], original.error[a], dual.mean[a], dual.error[a]});
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

} // namespace dlab
