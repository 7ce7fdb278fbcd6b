#pragma once
// Experiment E1 (docs/experiments/fieldtheory.md): a Gaussian scalar-field
// RBM learns a target's two-point function by maximum likelihood, from the
// known covariance (analytic gradient σ²(C − K⁻¹)W) or from samples
// (mini-batches against persistent block-Gibbs chains). The snapshot has the
// spectrum of K over training (watch it fill in from the infrared up, the
// modes the cut-offs N_h and μ² leave at μ²), the exact target spectrum for
// comparison, W, μ² and the log-likelihood.
//
// Training uses momentum SGD with L2 decay and a step-decayed learning rate;
// a step that would make K lose positive definiteness is halved until it
// does not (counted in `backoffs`). The exact spectrum never steers,
// initialises or stops training: that is reporting only.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/fieldtheory/GaussianRbm.hpp"
#include "engine/experiments/fieldtheory/RbmTarget.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace dlab::fieldtheory {

enum class RbmTargetKind { Chain, Torus, Data };
enum class RbmGradient { Kernel, Samples };
std::string toString(RbmTargetKind k);
std::string toString(RbmGradient g);
RbmTargetKind parseRbmTarget(const std::string& name); // throws ParameterError ("target")
RbmGradient parseRbmGradient(const std::string& name); // throws ParameterError ("from")

struct RbmParams {
    RbmTargetKind target = RbmTargetKind::Chain;
    int sites = 10;         // chain: N_v; torus: the side n (N_v = n²)
    double m2 = 4.0;        // the target's mass²
    std::string dataPath;   // target Data: a .npy of samples
    int hidden = 10;        // N_h
    double mu2 = 9.0;       // μ², the RBM's mass
    bool learnMu2 = false;  // learn μ² too (∂ℓ/∂μ² = ½ tr(K⁻¹ − C))
    double sigma = 1.0;     // σ of the hidden layer
    double initScale = 0.1; // W ~ N(0, initScale²)
    RbmGradient gradient = RbmGradient::Kernel;
    double learningRate = 0.0; // 0: 0.5 from the kernel, 0.1 from samples
    double momentum = 0.8;
    double l2 = 1e-4;
    double lrDecay = 0.92;   // multiply the learning rate by this …
    int decayEvery = 0;      // … every this many epochs (0: 50 from the kernel, epochs/60 from samples)
    int batch = 64;          // samples per mini-batch = persistent chains
    int gibbsSteps = 3;      // per mini-batch
    int dataSamples = 10000; // free-field targets, gradient Samples: exact samples drawn
    int epochs = 1000;
    int epochsPerStep = 5; // GUI speed; a step also ends after ≈ 20 ms
    std::uint64_t seed = 1;

    static constexpr int kMaxVisible = 1024, kMaxHidden = 1024, kMaxSites = 1024, kMaxTorusSide = 32;
    void validate() const; // throws ParameterError naming the field and its range
    double effectiveLearningRate() const
    {
        return learningRate > 0 ? learningRate : gradient == RbmGradient::Kernel ? 0.5 : 0.1;
    }
    // Mini-batch noise needs annealing: from samples the default schedule
    // brings the rate down 60 times (to 0.92⁶⁰ ≈ 0.7 %) over the run.
    int effectiveDecayEvery() const
    {
        return decayEvery > 0 ? decayEvery : gradient == RbmGradient::Kernel ? 50 : std::max(1, epochs / 60);
    }
};

struct RbmSnapshot : ExperimentSnapshot {
    RbmParams params;
    std::string targetDescription;
    int epoch = 0;
    bool done = false;
    double mu2 = 0;
    std::vector<double> spectrum;        // K's eigenvalues now, ascending
    std::vector<double> exactSpectrum;   // the target's, ascending (report only)
    std::vector<double> inverseSpectrum; // the target's C eigenvalues, descending
    // History: the epochs at which spectra were recorded and, per tracked
    // mode (ascending order), its eigenvalue at each (at most 64 modes).
    std::vector<double> historyEpoch, historyMu2, historyLogLikelihood;
    std::vector<int> trackedModes;
    std::vector<std::vector<double>> historySpectrum;
    std::shared_ptr<const Eigen::MatrixXd> weights; // N_v × N_h
    double logLikelihood = 0;                       // per sample, against the target's C
    int representable = 0;                          // modes the RBM can match: lowest min(N_h, #exact < μ²)
    double maxRelativeError = 0;                    // over those modes
    int clamped = 0;                                // eigenvalues within 0.5 % of μ²
    long long backoffs = 0;                         // steps halved to keep K positive definite
    double seconds = 0;                             // training time so far
    double secondsToOnePercent = -1;                // when maxRelativeError first fell below 1 % (report only)
};

class RbmExperiment : public Experiment {
public:
    explicit RbmExperiment(const RbmParams& p); // validates; loads or draws the target
    RbmExperiment(const RbmParams& p, RbmTarget target);
    std::string name() const override { return "rbm"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    std::shared_ptr<const RbmSnapshot> current() const;

    bool done() const { return m_epoch >= m_p.epochs; }
    const GaussianRbm& rbm() const { return m_rbm; }
    const RbmTarget& target() const { return m_target; }
    const RbmParams& params() const { return m_p; }
    void setEpochsPerStep(int n);

    // One mini-batch (samples) or one full-batch epoch (kernel); public for tests.
    void update();

private:
    void applyStep(const Eigen::MatrixXd& gradW, double gradMu2, double lr);
    bool keepsPositiveDefinite(const Eigen::MatrixXd& w, double mu2);
    void endEpoch();
    void recordHistory();
    // Over the modes the RBM can represent (their count in *representable).
    double maxRelativeError(int* representable = nullptr) const;
    Eigen::MatrixXd sampledModelCovariance();

    RbmParams m_p;
    RbmTarget m_target;
    RngStream m_rng;
    fields::FieldRandom m_noise; // the Gibbs chains' normals
    GaussianRbm m_rbm;
    Eigen::MatrixXd m_velocity;
    double m_mu2Velocity = 0;
    Eigen::MatrixXd m_chains;    // persistent Gibbs chains (rows)
    std::vector<int> m_order;    // sample order of the current epoch
    std::size_t m_cursor = 0;    // next sample of the epoch
    Eigen::VectorXd m_topVector; // warm start of the power iteration (large N_v)
    int m_epoch = 0;
    long long m_steps = 0, m_backoffs = 0;
    double m_seconds = 0, m_secondsToOnePercent = -1;
    std::vector<double> m_histEpoch, m_histMu2, m_histLl;
    std::vector<int> m_tracked;
    std::vector<std::vector<double>> m_histSpectrum;
    std::vector<double> m_spectrum;
    double m_logLikelihood = 0;
    std::shared_ptr<const Eigen::MatrixXd> m_weightsShown;
};

} // namespace dlab::fieldtheory
