#pragma once
// Experiment D2: the variational autoregressive network (VAN; Wu, Wang &
// Zhang, PRL 122, 080602 (2019)). The same MADE is trained without data by
// minimising the variational free energy of the Ising model on the L×L torus,
//   F_q = Σ_s q_θ(s) [E(s) + T ln q_θ(s)] ≥ F,   β(F_q − F) = KL(q_θ ‖ p),
// with the REINFORCE gradient ∇F_q = ⟨(f(s) − b) ∇ ln q_θ(s)⟩_q,
// f = E + T ln q_θ and the batch mean b as baseline; β is annealed as
// β_t = β (1 − a^t). With Z2 symmetrisation the model is
// q(s) = ½ [q_θ(s) + q_θ(−s)], sampled by flipping a q_θ sample with
// probability ½. Nothing here knows the exact answer: Kaufman's F is
// reported beside F_q.
//
// After training, fresh samples give F_q with its error and the
// importance-sampled estimates with weights w ∝ e^{−βE}/q: the energy, |m|,
// F_IS = −T ln⟨w⟩ (→ F as q → p) and the effective sample size
// (Σw)²/Σw² as a fraction of the samples.

#include "NetworkSettings.hpp"
#include "Schedules.hpp"

#include "engine/experiments/Experiment.hpp"
#include "engine/nn/Adam.hpp"
#include "engine/nn/AutoregressiveModel.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dlab::autoregressive {

struct VanParams {
    static constexpr int kMinL = 2, kMaxL = 32;
    static constexpr double kMinBeta = 0.01, kMaxBeta = 3.0;
    static constexpr int kMaxSteps = 10'000'000;

    int L = 8;
    double beta = 0.44;
    int steps = 10000; // optimiser steps
    int batch = 1000;
    double learningRate = 1e-3;
    double anneal = 0.998; // a of β_t = β (1 − a^t); 0 = no annealing
    bool z2 = true;
    NetworkSettings network{{256}};
    int evaluationSamples = 20000; // after training: F_q, IS estimates, ESS
    std::uint64_t seed = 1;

    void validate() const;
    bool operator==(const VanParams&) const = default;
};

// Estimates from one set of samples of q at the target β (per site).
struct VanEstimates {
    long long samples = 0;
    double freeEnergy = 0, freeEnergyError = 0;     // F_q/N
    double isFreeEnergy = 0, isFreeEnergyError = 0; // −T ln⟨w⟩_q / N
    double energy = 0, energyError = 0;             // ⟨E⟩_q / N (not reweighted)
    double isEnergy = 0, isEnergyError = 0;         // importance-sampled E/N
    double isAbsMagnetization = 0, isAbsMagnetizationError = 0;
    double effectiveSampleFraction = 0; // (Σw)² / (n Σw²)
};

// Accumulates the per-sample quantities of VanEstimates over batches.
class VanAccumulator {
public:
    VanAccumulator(int sites, double beta) : m_sites(sites), m_beta(beta) {}
    // Energies E, ln q and |m| of the samples of one batch.
    void add(const Eigen::VectorXd& energy, const Eigen::VectorXd& logq, const Eigen::VectorXd& absM);
    VanEstimates estimates() const;
    long long samples() const { return (long long)m_f.size(); }

private:
    int m_sites;
    double m_beta;
    std::vector<double> m_f, m_energy, m_logWeight, m_absM;
};

struct VanSnapshot : ExperimentSnapshot {
    enum class Phase { Training, Evaluating, Done };
    Phase phase = Phase::Training;
    VanParams params;
    long long optimiserStep = 0;
    double currentBeta = 0;
    double progress = 0;
    // F_q/N at the target β from single training batches, its error, and the
    // relative error against Kaufman's F. One point per optimiser step until
    // kMaxHistory points, then every other one is dropped and the interval
    // doubles (memory and snapshot copies stay bounded on long runs).
    static constexpr std::size_t kMaxHistory = 4000;
    std::vector<double> steps, freeEnergy, freeEnergyError, relativeError;
    VanEstimates latest;                         // the last training batch (live view)
    VanEstimates evaluation;                     // after training (samples == 0 until then)
    double exactFreeEnergy = 0, exactEnergy = 0; // Kaufman, per site
    int side = 0;
    std::vector<std::vector<double>> samples; // network samples (±1)
    double seconds = 0;
    bool finished = false;
};

class VanExperiment : public Experiment {
public:
    explicit VanExperiment(const VanParams& p); // validates; cheap
    std::string name() const override { return "Variational free energy"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    std::shared_ptr<const VanSnapshot> current() const
    {
        return std::static_pointer_cast<const VanSnapshot>(snapshot());
    }
    bool finished() const { return m_phase == VanSnapshot::Phase::Done; }
    const VanParams& params() const { return m_p; }
    // Ends training now (keeping every step done) and goes on to the
    // evaluation: "enough, evaluate what was learned".
    void stopTraining();
    // ln q of rows of spins: the symmetrised ½[q_θ(s) + q_θ(−s)] with z2.
    Eigen::VectorXd logProbabilities(const Eigen::MatrixXd& spins) const;
    // `count` samples of the (symmetrised) model, as ±1 rows.
    Eigen::MatrixXd samples(int count, std::uint64_t stream) const;

private:
    // One batch of q: spins, E, ln q (symmetrised if z2) and the batch object
    // for the gradient (with −s rows when z2).
    struct Draw {
        Eigen::MatrixXd spins;
        Eigen::VectorXd energy, logq, sigma; // sigma: q_θ(s)/(q_θ(s) + q_θ(−s))
        std::optional<nn::AutoregressiveModel::Batch> batch;
    };
    Draw draw(const RngStream& rng, int count, bool forGradient) const;
    void trainStep(Feedback& feedback);
    void evaluateStep(Feedback& feedback);

    VanParams m_p;
    VanSnapshot::Phase m_phase = VanSnapshot::Phase::Training;
    nn::AutoregressiveModel m_model;
    std::optional<nn::Adam> m_adam;
    BetaAnnealing m_annealing;
    long long m_step = 0, m_calls = 0;
    double m_currentBeta = 0, m_seconds = 0;
    std::vector<double> m_steps, m_freeEnergy, m_freeEnergyError, m_relativeError;
    long long m_historyEvery = 1;
    VanEstimates m_latest;
    VanAccumulator m_evaluation;
    double m_exactFreeEnergy = 0, m_exactEnergy = 0;
    std::vector<std::vector<double>> m_shown;
};

} // namespace dlab::autoregressive
