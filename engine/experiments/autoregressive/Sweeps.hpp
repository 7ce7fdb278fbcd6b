#pragma once
// The temperature sweeps of experiments D1 and D3: what one finished run
// contributes to the sweep's table, and the sweeps themselves.

#include "HamiltonianLearning.hpp"
#include "TemperatureSweep.hpp"
#include "XyLearning.hpp"

#include <memory>
#include <vector>

namespace dlab::autoregressive {

// D1 through T_c: NLL per spin (an entropy estimate) and the H_θ–E line.
struct HamiltonianSweepRow {
    double T = 0;
    double nll = 0, nllError = 0; // held-out, per variable
    double exactEntropy = 0;      // Kaufman, per site
    double slope = 0, slopeError = 0, r2 = 0;
    double freeEnergy = 0, freeEnergyError = 0; // unit-slope offset, per site
    double freeEnergyFit = 0;                   // from the fitted intercept
    double exactFreeEnergy = 0;
    double z2Asymmetry = 0;
};
HamiltonianSweepRow hamiltonianSweepRow(const LearnedHamiltonianSnapshot& s);
using HamiltonianSweep = TemperatureSweep<LearnedHamiltonianExperiment, LearnedHamiltonianParams,
                                          LearnedHamiltonianSnapshot, HamiltonianSweepRow>;
// Temperatures T > 0 (β = 1/T for each run); ParameterError on a bad one.
std::unique_ptr<HamiltonianSweep> makeHamiltonianSweep(const LearnedHamiltonianParams& base,
                                                       std::vector<double> temperatures);

// D3 around BKT: vortex density of network samples against Monte Carlo.
struct XySweepRow {
    double T = 0;
    double nll = 0, nllError = 0; // held-out, per site
    Estimate vortexMc, vortexGenerated, energyMc, energyGenerated, helicityMc;
    double o2Spread = 0;
};
XySweepRow xySweepRow(const XyLearningSnapshot& s);
using XySweep = TemperatureSweep<XyLearningExperiment, XyLearningParams, XyLearningSnapshot, XySweepRow>;
std::unique_ptr<XySweep> makeXySweep(const XyLearningParams& base, std::vector<double> temperatures);

} // namespace dlab::autoregressive
