#include "Sweeps.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab::autoregressive {
namespace {

void requireTemperatures(const std::vector<double>& temperatures)
{
    if (temperatures.empty()) throw ParameterError("temperatures", "the sweep needs at least one temperature");
    if (temperatures.size() > 200) throw ParameterError("temperatures", "at most 200 temperatures per sweep");
    for (double T : temperatures)
        if (!(T > 0)) throw ParameterError("temperatures", "every temperature must be positive");
}

} // namespace

HamiltonianSweepRow hamiltonianSweepRow(const LearnedHamiltonianSnapshot& s)
{
    HamiltonianSweepRow r;
    r.T = 1.0 / s.params.beta;
    r.nll = s.heldOutNll;
    r.nllError = s.heldOutNllError;
    r.exactEntropy = s.exactEntropy;
    r.slope = s.fit.slope;
    r.slopeError = s.fit.slopeError;
    r.r2 = s.fit.r2;
    r.freeEnergy = s.freeEnergyUnitSlope;
    r.freeEnergyError = s.freeEnergyUnitSlopeError;
    r.freeEnergyFit = s.freeEnergyFit;
    r.exactFreeEnergy = s.exactFreeEnergy;
    r.z2Asymmetry = s.z2Asymmetry;
    return r;
}

std::unique_ptr<HamiltonianSweep> makeHamiltonianSweep(const LearnedHamiltonianParams& base,
                                                       std::vector<double> temperatures)
{
    requireTemperatures(temperatures);
    return std::make_unique<HamiltonianSweep>(
        base, std::move(temperatures),
        [](const LearnedHamiltonianParams& p, double T) {
            LearnedHamiltonianParams q = p;
            q.beta = 1.0 / T;
            return q;
        },
        hamiltonianSweepRow);
}

XySweepRow xySweepRow(const XyLearningSnapshot& s)
{
    XySweepRow r;
    r.T = s.params.T;
    r.nll = s.heldOutNll;
    r.nllError = s.heldOutNllError;
    r.vortexMc = s.vortexMc;
    r.vortexGenerated = s.vortexGenerated;
    r.energyMc = s.energyMc;
    r.energyGenerated = s.energyGenerated;
    r.helicityMc = s.mc.helicityModulus;
    r.o2Spread = s.o2Spread;
    return r;
}

std::unique_ptr<XySweep> makeXySweep(const XyLearningParams& base, std::vector<double> temperatures)
{
    requireTemperatures(temperatures);
    return std::make_unique<XySweep>(
        base, std::move(temperatures),
        [](const XyLearningParams& p, double T) {
            XyLearningParams q = p;
            q.T = T;
            return q;
        },
        xySweepRow);
}

} // namespace dlab::autoregressive
