#pragma once
// Experiment D1: a MADE learns the Ising Hamiltonian from Monte Carlo data.
//
// Persistent Markov chains at β supply configurations; a MADE with
// Bernoulli conditionals (or categorical ones for 2×2 block spins) is trained
// by negative log-likelihood. Its p_θ is explicit and normalised, so
//   H_θ(s) = −T ln p_θ(s)
// is a learned Hamiltonian. If p_θ were the Boltzmann distribution,
// H_θ(s) = E(s) − F with F = −T ln Z: on held-out configurations H_θ against
// E is a line of slope 1 whose intercept is −F. The run reports the fitted
// line, F from the intercept and from the unit-slope offset ⟨E − H_θ⟩
// (= U − T·cross-entropy, a lower bound on F that is exact when p_θ = p),
// the held-out NLL per spin (an entropy estimate, ≥ the exact entropy), and
// the Z2 asymmetry ⟨|H_θ(−s) − H_θ(s)|⟩ of a network that was not told about
// the symmetry. Kaufman's exact values are reported beside, never used.
//
// Phases, each advanced in bounded steps (≈ 15 ms, cancellable): sampling,
// training (epochs of mini-batches, a held-out evaluation after each, early
// stopping on the held-out NLL with the best network kept), done.

#include "LineFit.hpp"
#include "NetworkSettings.hpp"
#include "Schedules.hpp"

#include "engine/experiments/Experiment.hpp"
#include "engine/mc/ChainEnsemble.hpp"
#include "engine/nn/Adam.hpp"
#include "engine/nn/AutoregressiveModel.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dlab::autoregressive {

// What the network sees: raw spins, or 2×2 block spins with stride 1 or 2.
enum class HamiltonianInput { Spins, BlocksStride1, BlocksStride2 };
std::string toString(HamiltonianInput input); // "spins" | "blocks1" | "blocks2"
HamiltonianInput parseHamiltonianInput(const std::string& name);

// Where the configurations come from: persistent Monte Carlo chains, or
// exact Boltzmann samples by enumeration (L ≤ 4, no Monte Carlo error).
enum class IsingData { MonteCarlo, Exact };
std::string toString(IsingData data); // "mc" | "exact"
IsingData parseIsingData(const std::string& name);

struct LearnedHamiltonianParams {
    static constexpr int kMinL = 2, kMaxL = 32;
    static constexpr double kMinBeta = 0.01, kMaxBeta = 3.0;
    static constexpr int kMinSamples = 100, kMaxSamples = 1'000'000;
    static constexpr int kMaxEpochs = 10'000;

    int L = 8;
    double beta = 0.3;
    int samples = 10000; // training configurations
    int heldOut = 2000;  // held-out configurations: the H_θ–E scatter, the test NLL
    HamiltonianInput input = HamiltonianInput::Spins;
    IsingData data = IsingData::MonteCarlo;
    McAlgorithm algo = McAlgorithm::Wolff;
    int chains = 16;
    int thermalize = 200;  // sweeps before the first configuration is kept
    int sweepsBetween = 2; // sweeps between kept configurations of a chain
    NetworkSettings network{{64}};
    int epochs = 60;
    int batch = 100;
    double learningRate = 2e-3;
    int patience = 6; // epochs without held-out improvement before stopping (0 = never)
    std::uint64_t seed = 1;

    void validate() const; // ParameterError naming the field and its range
    bool operator==(const LearnedHamiltonianParams&) const = default;
};

struct LearnedHamiltonianSnapshot : ExperimentSnapshot {
    enum class Phase { Sampling, Training, Done };
    Phase phase = Phase::Sampling;
    LearnedHamiltonianParams params;
    double progress = 0; // of the whole run, 0 … 1
    int variables = 0;   // network variables: L² spins or the blocks
    int epoch = 0;
    std::vector<double> epochs, trainNll, testNll; // NLL per variable (nats), one entry per epoch
    // Held-out configurations: the true energy E and the learned H_θ (units of J).
    std::shared_ptr<const std::vector<double>> energy, hamiltonian;
    std::shared_ptr<const std::vector<double>> hamiltonianFlipped; // H_θ(−s) of the same configurations
    LineFit fit;
    double freeEnergyFit = 0, freeEnergyFitError = 0;             // −intercept/N
    double freeEnergyUnitSlope = 0, freeEnergyUnitSlopeError = 0; // ⟨E − H_θ⟩/N
    double z2Asymmetry = 0, z2AsymmetryError = 0;                 // ⟨|H_θ(−s) − H_θ(s)|⟩, units of J
    double heldOutNll = 0, heldOutNllError = 0;                   // per variable, of the kept network
    // Kaufman, this L×L torus (reports and plots only).
    double exactFreeEnergy = 0, exactEnergy = 0, exactEntropy = 0; // per site
    // A few configurations to show: MC data and network samples, as values in
    // [−1, 1] on a side × side grid (block spins S/4).
    int side = 0;
    std::vector<std::vector<double>> mcSamples, networkSamples;
    long long sweeps = 0; // per chain
    double secondsSampling = 0, secondsTraining = 0;
    bool finished = false;
};

class LearnedHamiltonianExperiment : public Experiment {
public:
    explicit LearnedHamiltonianExperiment(const LearnedHamiltonianParams& p); // validates; cheap
    std::string name() const override { return "Learned Hamiltonian"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    std::shared_ptr<const LearnedHamiltonianSnapshot> current() const
    {
        return std::static_pointer_cast<const LearnedHamiltonianSnapshot>(snapshot());
    }

    const LearnedHamiltonianParams& params() const { return m_p; }
    bool finished() const { return m_phase == LearnedHamiltonianSnapshot::Phase::Done; }
    // Held-out data and (once trained) the network, e.g. for exports.
    const Eigen::MatrixXd& heldOutSpins() const { return m_testSpins; }
    const nn::AutoregressiveModel& model() const { return m_model; }
    // `count` network samples as spins or block categories (rows), from the seed.
    Eigen::MatrixXd networkSamples(int count) const;

private:
    void sampleStep(Feedback& feedback);
    void trainStep(Feedback& feedback);
    void startTraining();
    void endEpoch();
    void evaluate(LearnedHamiltonianSnapshot& s) const;
    Eigen::MatrixXd networkInput(const Eigen::MatrixXd& spins) const;
    std::vector<double> displayValues(const Eigen::MatrixXd& rows, Eigen::Index r) const;

    LearnedHamiltonianParams m_p;
    LearnedHamiltonianSnapshot::Phase m_phase = LearnedHamiltonianSnapshot::Phase::Sampling;
    std::optional<ChainEnsemble> m_chains;
    std::vector<Eigen::VectorXd> m_collected;                     // spin rows in collection order
    Eigen::MatrixXd m_trainSpins, m_testSpins, m_trainX, m_testX; // spins and network variables
    Eigen::VectorXd m_testEnergy;
    nn::AutoregressiveModel m_model;
    std::optional<nn::Adam> m_adam;
    EarlyStopping m_stopping{0, 0};
    Eigen::VectorXd m_bestParameters;
    std::vector<int> m_order;
    int m_epoch = 0, m_batchInEpoch = 0;
    double m_epochLossSum = 0;
    long long m_epochRows = 0;
    long long m_sweeps = 0, m_steps = 0;
    double m_secondsSampling = 0, m_secondsTraining = 0;
    std::shared_ptr<LearnedHamiltonianSnapshot> m_view; // evaluation part, refreshed per epoch
};

} // namespace dlab::autoregressive
