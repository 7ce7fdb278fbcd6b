#pragma once
// Supervised training of a classifier a time slice at a time, so an
// Experiment's step() stays short: mini-batches with Adam until a deadline,
// an evaluation at the end of every epoch, and early stopping on a
// validation set that is neither trained on nor used for the final score.
// The network kept is the one of the best validation epoch.

#include "Adam.hpp"
#include "EpochOrder.hpp"
#include "Network.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <chrono>
#include <functional>
#include <vector>

namespace dlab::nn {

struct LabelledSet {
    Eigen::MatrixXd x; // one sample per row
    std::vector<int> labels;
    Eigen::Index size() const { return x.rows(); }
};

struct ClassifierTrainingOptions {
    int epochs = 50;
    int batchSize = 64;
    double learningRate = 1e-3;
    double l2 = 0.0;
    int patience = 0;      // stop after this many epochs without a better validation score (0: never)
    bool balanced = false; // score = balanced accuracy instead of accuracy
    // Optional: changes each training batch in place before its step (data
    // augmentation by a symmetry of the task), drawing from the stream given.
    std::function<void(Eigen::MatrixXd& batch, RngStream& rng)> augment;
    void validate() const; // throws ParameterError naming the field
};

class ClassifierTraining {
public:
    using Clock = std::chrono::steady_clock;
    struct Epoch {
        double loss = 0; // mean training loss over the epoch's batches
        double trainScore = 0, validationScore = 0;
    };

    // The network's output layer must be a softmax over the classes.
    // `sampleWeights` (optional, one per training row, mean ≈ 1) weigh each
    // sample's cross-entropy, e.g. to balance the classes of an uneven set.
    ClassifierTraining(Network net, LabelledSet train, LabelledSet validation, ClassifierTrainingOptions options,
                       RngStream rng, const Eigen::VectorXd& sampleWeights = {});

    // Mini-batches until `deadline`, cancellation or the end of training.
    void advance(const Feedback& feedback, Clock::time_point deadline);
    bool finished() const { return m_finished; }
    int epoch() const { return int(m_history.size()); }
    int epochs() const { return m_options.epochs; }
    const std::vector<Epoch>& history() const { return m_history; }

    const Network& current() const { return m_net; }
    const Network& best() const { return m_best; }
    int bestEpoch() const { return m_bestEpoch; } // 1-based; 0 before the first epoch ends
    double bestValidationScore() const { return m_bestScore; }

    std::vector<int> predict(const Eigen::MatrixXd& x) const; // with best()
    double score(const LabelledSet& data) const;              // of best()
    double score(const Network& net, const LabelledSet& data) const;

private:
    void endEpoch();

    Network m_net, m_best;
    LabelledSet m_train, m_validation;
    Eigen::MatrixXd m_targets; // weighted one-hot rows
    ClassifierTrainingOptions m_options;
    Adam m_adam;
    EpochOrder m_order;
    RngStream m_augmentRng;
    double m_epochLoss = 0;
    int m_epochBatches = 0;
    std::vector<Epoch> m_history;
    int m_bestEpoch = 0;
    double m_bestScore = -1;
    bool m_finished = false;
};

} // namespace dlab::nn
