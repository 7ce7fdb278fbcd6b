#pragma once
// Adam (Kingma & Ba) on a flat parameter vector, with a learning rate per
// parameter so t and θ can be driven at different rates.

#include <vector>

namespace dlab {

class Adam {
public:
    explicit Adam(int parameters, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8);
    // x ← x − lr_i m̂_i / (√v̂_i + ε); lr_i = 0 freezes parameter i.
    void update(std::vector<double>& x, const std::vector<double>& gradient, const std::vector<double>& lr);
    long long steps() const { return m_steps; }

private:
    double m_beta1, m_beta2, m_eps;
    std::vector<double> m_m, m_v;
    long long m_steps = 0;
};

} // namespace dlab
