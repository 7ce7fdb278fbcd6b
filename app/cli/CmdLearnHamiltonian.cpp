// dualitylab-cli learn-hamiltonian: experiment D1, a MADE learns the Ising
// Hamiltonian H_θ = −T ln p_θ from Monte Carlo data; with --temperatures, the
// same over a list of T (NLL per spin and slope through T_c).
#include "AutoregressiveOptions.hpp"
#include "CommandTable.hpp"
#include "JsonEstimates.hpp"
#include "RunExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/autoregressive/Sweeps.hpp"
#include "engine/io/Npy.hpp"

#include <chrono>
#include <cmath>
#include <iostream>

namespace dlab::cli {
namespace {

using namespace dlab::autoregressive;
using P = LearnedHamiltonianParams;
constexpr int kSavedSamples = 1000;

nlohmann::json runJson(const LearnedHamiltonianSnapshot& s)
{
    nlohmann::json j;
    j["L"] = s.params.L;
    j["beta"] = s.params.beta;
    j["T"] = 1.0 / s.params.beta;
    j["input"] = toString(s.params.input);
    j["data"] = toString(s.params.data);
    j["variables"] = s.variables;
    putEstimate(j, "nll_per_spin", s.heldOutNll, s.heldOutNllError);
    j["entropy_exact_per_site"] = s.exactEntropy;
    putEstimate(j, "slope", s.fit.slope, s.fit.slopeError);
    putEstimate(j, "intercept", s.fit.intercept, s.fit.interceptError);
    j["r2"] = s.fit.r2;
    putEstimate(j, "free_energy_per_site", s.freeEnergyUnitSlope, s.freeEnergyUnitSlopeError);
    putEstimate(j, "free_energy_fit_per_site", s.freeEnergyFit, s.freeEnergyFitError);
    j["free_energy_exact_per_site"] = s.exactFreeEnergy;
    j["relative_error"] = std::abs(s.freeEnergyUnitSlope - s.exactFreeEnergy) / std::abs(s.exactFreeEnergy);
    putEstimate(j, "z2_asymmetry", s.z2Asymmetry, s.z2AsymmetryError);
    j["epochs"] = s.epoch;
    j["held_out"] = s.params.heldOut;
    j["samples"] = s.params.samples;
    j["seconds_sampling"] = s.secondsSampling;
    j["seconds_training"] = s.secondsTraining;
    return j;
}

nlohmann::json rowJson(const HamiltonianSweepRow& r)
{
    nlohmann::json j;
    j["T"] = r.T;
    j["beta"] = 1.0 / r.T;
    putEstimate(j, "nll_per_spin", r.nll, r.nllError);
    j["entropy_exact_per_site"] = r.exactEntropy;
    putEstimate(j, "slope", r.slope, r.slopeError);
    j["r2"] = r.r2;
    putEstimate(j, "free_energy_per_site", r.freeEnergy, r.freeEnergyError);
    j["free_energy_fit_per_site"] = r.freeEnergyFit;
    j["free_energy_exact_per_site"] = r.exactFreeEnergy;
    j["z2_asymmetry"] = r.z2Asymmetry;
    return j;
}

int runLearnHamiltonian(const Arguments& a, std::ostream& out)
{
    P p;
    p.L = int(a.integer("L", p.L, P::kMinL, P::kMaxL));
    p.beta = a.real("beta", p.beta, P::kMinBeta, P::kMaxBeta);
    p.samples = int(a.integer("samples", p.samples, P::kMinSamples, P::kMaxSamples));
    p.heldOut = int(a.integer("held-out", p.heldOut, 10, P::kMaxSamples));
    p.input = parseHamiltonianInput(a.text("input", toString(p.input)));
    p.data = parseIsingData(a.text("data", toString(p.data)));
    p.algo = parseMcAlgorithm(a.text("algo", toString(p.algo)));
    if (p.data == IsingData::Exact && (a.has("algo") || a.has("chains") || a.has("sweeps-between")))
        throw std::invalid_argument("--data exact draws exact samples: --algo, --chains and --sweeps-between "
                                    "apply to --data mc only");
    p.chains = int(a.integer("chains", p.chains, 1, 4096));
    p.sweepsBetween = int(a.integer("sweeps-between", p.sweepsBetween, 1, 10'000));
    p.network = networkOptions(a, p.network);
    p.epochs = int(a.integer("epochs", p.epochs, 1, P::kMaxEpochs));
    p.batch = int(a.integer("batch", p.batch, 1, 100'000));
    p.learningRate = a.real("lr", p.learningRate, 1e-6, 1.0);
    p.patience = int(a.integer("patience", p.patience, 0, P::kMaxEpochs));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const std::string samplesPath = a.text("save-samples", "");
    const std::vector<double> temperatures = temperatureList(a);
    if (!temperatures.empty() && a.has("beta"))
        throw std::invalid_argument("--beta and --temperatures contradict each other: give one");
    if (!temperatures.empty() && !samplesPath.empty())
        throw std::invalid_argument("--save-samples needs a single run, not --temperatures");
    p.validate();
    int threads = 0;
    const auto limit = threadLimit(a, &threads);

    const auto start = std::chrono::steady_clock::now();
    nlohmann::json j;
    if (temperatures.empty()) {
        ExperimentRun<LearnedHamiltonianSnapshot, LearnedHamiltonianExperiment> run(
            std::make_unique<LearnedHamiltonianExperiment>(p));
        const auto s = run.runUntil([](const LearnedHamiltonianSnapshot& snap) { return snap.finished; });
        j = runJson(*s);
        if (!samplesPath.empty()) {
            const Eigen::MatrixXd x = run.read<Eigen::MatrixXd>(
                [](const LearnedHamiltonianExperiment& e) { return e.networkSamples(kSavedSamples); });
            const int side = s->side;
            std::vector<std::int8_t> data;
            for (Eigen::Index r = 0; r < x.rows(); ++r)
                for (Eigen::Index i = 0; i < x.cols(); ++i)
                    data.push_back(std::int8_t(p.input == HamiltonianInput::Spins ? x(r, i) : 2 * x(r, i) - 4));
            writeNpyInt8(samplesPath, {std::size_t(x.rows()), std::size_t(side), std::size_t(side)}, data);
            j["saved_samples"] = {{"path", samplesPath}, {"count", x.rows()}};
        }
    } else {
        ExperimentRun<HamiltonianSweep::SweepSnapshot, HamiltonianSweep> run(makeHamiltonianSweep(p, temperatures));
        const auto s = run.runUntil([](const HamiltonianSweep::SweepSnapshot& snap) { return snap.finished; });
        j["L"] = p.L;
        j["input"] = toString(p.input);
        j["rows"] = nlohmann::json::array();
        for (const auto& r : s->rows)
            j["rows"].push_back(rowJson(r));
    }
    j["seed"] = p.seed;
    j["threads"] = threads;
    j["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else if (temperatures.empty()) {
        out << "L=" << p.L << " beta=" << p.beta << " input=" << toString(p.input) << "\n"
            << "NLL per spin = " << j["nll_per_spin"].get<double>() << " (exact entropy "
            << j["entropy_exact_per_site"].get<double>() << ")\n"
            << "H_theta vs E: slope " << j["slope"].get<double>() << ", r2 " << j["r2"].get<double>() << "\n"
            << "F/N from the offset = " << j["free_energy_per_site"].get<double>() << " ± "
            << j["free_energy_per_site_err"].get<double>() << " (Kaufman "
            << j["free_energy_exact_per_site"].get<double>() << "), from the fitted intercept "
            << j["free_energy_fit_per_site"].get<double>() << "\n"
            << "Z2 asymmetry <|H(-s) - H(s)|> = " << j["z2_asymmetry"].get<double>() << "\n"
            << j["seconds"].get<double>() << " s\n";
    } else {
        for (const auto& r : j["rows"])
            out << "T=" << r["T"].get<double>() << "  NLL/spin " << r["nll_per_spin"].get<double>() << " (exact s "
                << r["entropy_exact_per_site"].get<double>() << ")  slope " << r["slope"].get<double>() << "  F/N "
                << r["free_energy_per_site"].get<double>() << " (exact "
                << r["free_energy_exact_per_site"].get<double>() << ")\n";
    }
    return 0;
}

const CommandRegistration reg{
    {"learn-hamiltonian",
     "a MADE learns the Ising Hamiltonian H = -T ln p from Monte Carlo data (--L --beta --samples --held-out "
     "--input spins|blocks1|blocks2 --data mc|exact --algo metropolis|wolff|sw --chains --sweeps-between --epochs "
     "--batch --lr "
     "--patience --seed --threads [--hidden W1,W2] [--activation tanh|relu] [--no-direct] "
     "[--temperatures 1.5:3.5:0.25] [--save-samples F.npy])",
     {"L", "beta", "samples", "held-out", "input", "data", "algo", "chains", "sweeps-between", "hidden", "activation",
      "epochs", "batch", "lr", "patience", "seed", "threads", "temperatures", "save-samples"},
     {"json", "no-direct"},
     runLearnHamiltonian}};

} // namespace
} // namespace dlab::cli
