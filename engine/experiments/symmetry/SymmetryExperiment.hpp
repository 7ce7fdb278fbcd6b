#pragma once
// Experiment B (docs/experiments/symmetries.md): sample level sets of a potential, train an MLP to
// tell the classes apart, look at its last hidden layer (the embedding) with
// t-SNE, and extract the symmetry generators from the classes' point clouds.
// Phases run one bounded step at a time (≲ 20 ms): sampling, training (a few
// mini-batches per step), generators (a few planes per step), embedding
// (t-SNE affinities in chunks, then a few iterations per step), done.

#include "GeneratorFinder.hpp"
#include "LevelSetSampler.hpp"
#include "Potential.hpp"

#include "engine/embed/Tsne.hpp"
#include "engine/experiments/Experiment.hpp"
#include "engine/nn/Adam.hpp"
#include "engine/nn/Network.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dlab::symmetry {

struct SymmetryParams {
    int dim = 2;
    PotentialKind kind = PotentialKind::Radial;
    double a = 2.3;                      // built-ins: r⁴ − a r², ρ⁴ − a ρ² + z²
    std::string expression;              // kind == Expression: V(x, y, z, w, r)
    int pointsPerClass = 0;              // 0 ⇒ 400 (d = 2), 700 (d = 3), 1200 (d = 4)
    double boxHalfWidth = 2.0;           // sampling box [−L, L]^d
    std::vector<int> hidden{80, 80, 80}; // ReLU layers; the last one is the embedding
    int maxEpochs = 60;
    double targetAccuracy = 0.98; // stop training once the held-out accuracy reaches it
    double learningRate = 3e-3;
    int batchSize = 64;
    double l2 = 0.0;
    GeneratorOptions generators; // planes 0 ⇒ 60 (d = 2), 600 (d ≥ 3)
    bool tsne = true;            // embed the last hidden layer
    int tsnePoints = 2000;       // at most this many points (evenly spaced subset)
    double tsnePerplexity = 30;
    int tsneIterations = 1000;
    std::uint64_t seed = 1;

    void validate() const; // throws ParameterError naming the field
    Potential makePotential() const;
};

struct SymmetrySnapshot : ExperimentSnapshot {
    enum class Phase { Sampling, Training, Generators, Embedding, Done };
    Phase phase = Phase::Sampling;
    int dim = 2;
    std::string potential; // description
    // Sample cloud: rows of `points`, class label 0…10 ↔ V = (label − 5)/5.
    std::shared_ptr<const Eigen::MatrixXd> points;
    std::shared_ptr<const std::vector<int>> labels;
    std::vector<double> classValues; // V of each label
    std::vector<int> pointsPerClass;
    // Training curves, one entry per epoch.
    std::vector<double> loss, trainAccuracy, testAccuracy;
    int epoch = 0;
    double accuracy = 0; // latest held-out accuracy
    // t-SNE of the embedding layer: row r is point tsneIndex[r].
    Eigen::MatrixXd tsne;
    std::vector<int> tsneIndex;
    int tsneIteration = 0, tsneIterations = 0;
    // Generators.
    std::vector<Eigen::MatrixXd> generators;      // significant principal generators
    std::vector<Eigen::MatrixXd> components;      // all principal generators
    Eigen::VectorXd explainedVariance;            // ratios
    std::vector<Eigen::MatrixXd> planeGenerators; // one per kept plane (for a scatter / histogram)
    std::vector<double> planeResiduals;           // fit misfit of each kept plane
    int planesTried = 0;
    std::vector<Eigen::MatrixXd> expectedGenerators; // known for the built-ins
    double secondsSampling = 0, secondsTraining = 0, secondsGenerators = 0, secondsTsne = 0;
};

class SymmetryExperiment : public Experiment {
public:
    explicit SymmetryExperiment(SymmetryParams params);
    std::string name() const override { return "symmetry"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override { return m_snapshot; }
    std::shared_ptr<const SymmetrySnapshot> current() const { return m_snapshot; }
    SymmetrySnapshot::Phase phase() const { return m_phase; }
    bool done() const { return m_phase == SymmetrySnapshot::Phase::Done; }
    const nn::Network& network() const { return m_net; }
    const SymmetryParams& params() const { return m_params; }

private:
    void sample();
    void trainSome(Feedback& feedback);
    void endEpoch();
    void startGenerators();
    void startEmbedding();
    void publish();

    SymmetryParams m_params;
    Potential m_potential;
    SymmetrySnapshot::Phase m_phase = SymmetrySnapshot::Phase::Sampling;
    long long m_steps = 0;
    std::shared_ptr<const SymmetrySnapshot> m_snapshot;
    SymmetrySnapshot m_state; // mutable working copy; published by value

    // data
    Eigen::MatrixXd m_trainX, m_trainT, m_testX;
    std::vector<int> m_trainLabels, m_testLabels;
    std::vector<int> m_order;
    int m_batchPos = 0;
    double m_epochLoss = 0;
    int m_epochBatches = 0;
    bool m_epochDone = false;
    // model
    nn::Network m_net;
    std::unique_ptr<nn::Adam> m_adam;
    RngStream m_rng;
    std::unique_ptr<GeneratorFinder> m_finder;
    std::unique_ptr<embed::Tsne> m_tsne;
};

} // namespace dlab::symmetry
