#pragma once
// Adam (Kingma & Ba) on a flat parameter vector, with bias correction.

#include <Eigen/Core>

namespace dlab::nn {

class Adam {
public:
    explicit Adam(Eigen::Index size, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                  double epsilon = 1e-8);
    void step(Eigen::VectorXd& params, const Eigen::VectorXd& gradient);
    // The same with a learning rate per parameter (the set rate is ignored);
    // rate_i = 0 freezes parameter i.
    void step(Eigen::VectorXd& params, const Eigen::VectorXd& gradient, const Eigen::VectorXd& rates);
    void setLearningRate(double lr) { m_lr = lr; }
    double learningRate() const { return m_lr; }
    long long steps() const { return m_t; }

private:
    double m_lr, m_b1, m_b2, m_eps;
    long long m_t = 0;
    Eigen::VectorXd m_m, m_v;
};

} // namespace dlab::nn
