#include "ClassifierTraining.hpp"

#include "Metrics.hpp"
#include "Trainer.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab::nn {

void ClassifierTrainingOptions::validate() const
{
    requireInRange("epochs", epochs, 1, 100000);
    requireInRange("batch_size", batchSize, 1, 100000);
    requireInRange("learning_rate", learningRate, 1e-7, 1.0);
    requireInRange("l2", l2, 0.0, 1.0);
    requireInRange("patience", patience, 0, 100000);
}

ClassifierTraining::ClassifierTraining(Network net, LabelledSet train, LabelledSet validation,
                                       ClassifierTrainingOptions options, RngStream rng,
                                       const Eigen::VectorXd& sampleWeights)
    : m_net(std::move(net)), m_train(std::move(train)), m_validation(std::move(validation)), m_options(options),
      m_adam(m_net.parameters().size(), options.learningRate), m_order(m_train.size(), options.batchSize, rng),
      m_augmentRng(rng.child(1))
{
    m_options.validate();
    if (m_net.layers().back().activation != Activation::Softmax)
        throw ParameterError("layers", "a classifier needs a softmax output layer");
    if (m_train.size() == 0 || Eigen::Index(m_train.labels.size()) != m_train.size())
        throw ParameterError("train", "need labelled training samples");
    if (m_validation.size() == 0 || Eigen::Index(m_validation.labels.size()) != m_validation.size())
        throw ParameterError("validation", "need labelled validation samples");
    if (m_train.x.cols() != m_net.inputSize() || m_validation.x.cols() != m_net.inputSize())
        throw ParameterError("inputs", "samples do not match the network's input size");
    m_targets = oneHot(m_train.labels, m_net.outputSize());
    if (sampleWeights.size() > 0) {
        if (sampleWeights.size() != m_train.size() || (sampleWeights.array() < 0).any())
            throw ParameterError("weights", "need one non-negative weight per training sample");
        m_targets.array().colwise() *= sampleWeights.array();
    }
    m_best = m_net;
}

void ClassifierTraining::advance(const Feedback& feedback, Clock::time_point deadline)
{
    Eigen::VectorXd gradient;
    while (!m_finished && !feedback.isCancelled()) {
        bool lastOfEpoch = false;
        const std::vector<int>& rows = m_order.next(lastOfEpoch);
        Eigen::MatrixXd xb = m_train.x(rows, Eigen::all);
        const Eigen::MatrixXd tb = m_targets(rows, Eigen::all);
        if (m_options.augment) m_options.augment(xb, m_augmentRng);
        m_epochLoss += m_net.lossAndGradient(xb, tb, Loss::SoftmaxCrossEntropy, m_options.l2, gradient);
        m_adam.step(m_net.parameters(), gradient);
        ++m_epochBatches;
        if (lastOfEpoch) endEpoch();
        if (Clock::now() >= deadline) break;
    }
}

void ClassifierTraining::endEpoch()
{
    Epoch e;
    e.loss = m_epochLoss / std::max(1, m_epochBatches);
    m_epochLoss = 0;
    m_epochBatches = 0;
    e.trainScore = score(m_net, m_train);
    e.validationScore = score(m_net, m_validation);
    m_history.push_back(e);
    if (e.validationScore > m_bestScore) {
        m_bestScore = e.validationScore;
        m_bestEpoch = epoch();
        m_best = m_net;
    }
    const bool patienceOut = m_options.patience > 0 && epoch() - m_bestEpoch >= m_options.patience;
    if (epoch() >= m_options.epochs || patienceOut) m_finished = true;
}

double ClassifierTraining::score(const Network& net, const LabelledSet& data) const
{
    const auto predicted = argmaxRows(net.forward(data.x));
    return m_options.balanced ? balancedAccuracy(predicted, data.labels, net.outputSize())
                              : accuracy(predicted, data.labels);
}

double ClassifierTraining::score(const LabelledSet& data) const { return score(m_best, data); }

std::vector<int> ClassifierTraining::predict(const Eigen::MatrixXd& x) const { return argmaxRows(m_best.forward(x)); }

} // namespace dlab::nn
