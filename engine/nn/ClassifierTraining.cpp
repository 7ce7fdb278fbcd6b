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
    : ClassifierTraining(std::make_unique<DenseClassifier>(std::move(net)), std::move(train), std::move(validation),
                         std::move(options), rng, sampleWeights)
{}

ClassifierTraining::ClassifierTraining(std::unique_ptr<ClassifierModel> model, LabelledSet train,
                                       LabelledSet validation, ClassifierTrainingOptions options, RngStream rng,
                                       const Eigen::VectorXd& sampleWeights)
    : m_model(std::move(model)), m_train(std::move(train)), m_validation(std::move(validation)), m_options(options),
      m_adam(m_model->parameters().size(), options.learningRate), m_order(m_train.size(), options.batchSize, rng),
      m_augmentRng(rng.child(1))
{
    m_options.validate();
    if (m_train.size() == 0 || Eigen::Index(m_train.labels.size()) != m_train.size())
        throw ParameterError("train", "need labelled training samples");
    if (m_validation.size() == 0 || Eigen::Index(m_validation.labels.size()) != m_validation.size())
        throw ParameterError("validation", "need labelled validation samples");
    if (m_train.x.cols() != m_model->inputSize() || m_validation.x.cols() != m_model->inputSize())
        throw ParameterError("inputs", "samples do not match the network's input size");
    m_targets = oneHot(m_train.labels, m_model->classes());
    if (sampleWeights.size() > 0) {
        if (sampleWeights.size() != m_train.size() || (sampleWeights.array() < 0).any())
            throw ParameterError("weights", "need one non-negative weight per training sample");
        m_targets.array().colwise() *= sampleWeights.array();
    }
    m_best = m_model->clone();
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
        m_epochLoss += m_model->lossAndGradient(xb, tb, m_options.l2, gradient);
        m_adam.step(m_model->parameters(), gradient);
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
    e.trainScore = score(*m_model, m_train);
    e.validationScore = score(*m_model, m_validation);
    m_history.push_back(e);
    if (e.validationScore > m_bestScore) {
        m_bestScore = e.validationScore;
        m_bestEpoch = epoch();
        m_best = m_model->clone();
    }
    const bool patienceOut = m_options.patience > 0 && epoch() - m_bestEpoch >= m_options.patience;
    if (epoch() >= m_options.epochs || patienceOut) m_finished = true;
}

TrainingCurves ClassifierTraining::curves() const
{
    TrainingCurves c;
    for (const Epoch& e : m_history) {
        c.loss.push_back(e.loss);
        c.trainScore.push_back(e.trainScore);
        c.validationScore.push_back(e.validationScore);
    }
    return c;
}

double ClassifierTraining::score(const ClassifierModel& model, const LabelledSet& data) const
{
    const auto predicted = argmaxRows(model.probabilities(data.x));
    return m_options.balanced ? balancedAccuracy(predicted, data.labels, model.classes())
                              : accuracy(predicted, data.labels);
}

double ClassifierTraining::score(const LabelledSet& data) const { return score(*m_best, data); }

std::vector<int> ClassifierTraining::predict(const Eigen::MatrixXd& x) const
{
    return argmaxRows(m_best->probabilities(x));
}

} // namespace dlab::nn
