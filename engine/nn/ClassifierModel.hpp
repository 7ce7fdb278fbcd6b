#pragma once
// What ClassifierTraining needs of a model: a flat parameter vector, the
// mean softmax cross-entropy (with L2 on the weights) and its gradient, and
// class probabilities. DenseClassifier adapts a Network whose last layer is
// a softmax; PeriodicConvClassifier (a small translation-invariant CNN for
// lattice configurations) is the other implementation.

#include "Network.hpp"

#include <Eigen/Core>

#include <memory>

namespace dlab::nn {

class ClassifierModel {
public:
    virtual ~ClassifierModel() = default;
    virtual std::unique_ptr<ClassifierModel> clone() const = 0;
    virtual int inputSize() const = 0;
    virtual int classes() const = 0;
    virtual Eigen::VectorXd& parameters() = 0;
    virtual const Eigen::VectorXd& parameters() const = 0;
    // Mean over rows of −Σ_j t_j ln y_j (targets may be weighted one-hot rows)
    // plus (l2/2)·Σ W²; `gradient` gets its derivative.
    virtual double lossAndGradient(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, double l2,
                                   Eigen::VectorXd& gradient) const = 0;
    // Class probabilities, one row per sample.
    virtual Eigen::MatrixXd probabilities(const Eigen::MatrixXd& x) const = 0;
};

class DenseClassifier : public ClassifierModel {
public:
    explicit DenseClassifier(Network net); // the last layer must be a softmax
    std::unique_ptr<ClassifierModel> clone() const override { return std::make_unique<DenseClassifier>(*this); }
    int inputSize() const override { return m_net.inputSize(); }
    int classes() const override { return m_net.outputSize(); }
    Eigen::VectorXd& parameters() override { return m_net.parameters(); }
    const Eigen::VectorXd& parameters() const override { return m_net.parameters(); }
    double lossAndGradient(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, double l2,
                           Eigen::VectorXd& gradient) const override
    {
        return m_net.lossAndGradient(x, targets, Loss::SoftmaxCrossEntropy, l2, gradient);
    }
    Eigen::MatrixXd probabilities(const Eigen::MatrixXd& x) const override { return m_net.forward(x); }
    const Network& network() const { return m_net; }

private:
    Network m_net;
};

} // namespace dlab::nn
